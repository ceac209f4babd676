/** The longest chain of `$ref`s to `$ref`s a document may have (real documents have a handful). */
export const MAX_REFERENCE_CHAIN = 100;

/**
 * The length of the longest chain of references inside the document: a `$ref` whose target is itself
 * only a `$ref`, and so on. The dereferencer's time grows faster than the chain (a 500-deep chain takes
 * seconds, a 3 000-deep one minutes), so a document is measured before it is dereferenced and a chain
 * past `MAX_REFERENCE_CHAIN` is refused with its length. A chain that comes back to itself is a cycle
 * of references that never reaches a value.
 */
export function longestReferenceChain(document: unknown, internal: Iterable<string> = referencesOf(document).internal): { readonly length: number; readonly cycle?: string } {
  const depth = new Map<string, number>();
  let longest = 0;
  let cycle: string | undefined;
  for (const start of internal) {
    const path: string[] = [];
    const onPath = new Set<string>();
    let pointer: string | undefined = start;
    let known = 0;
    while (pointer !== undefined) {
      const cached = depth.get(pointer);
      if (cached !== undefined) {
        known = cached;
        break;
      }
      if (onPath.has(pointer)) {
        cycle ??= pointer;
        break;
      }
      onPath.add(pointer);
      path.push(pointer);
      if (path.length > MAX_REFERENCE_CHAIN * 4) break;
      pointer = onlyReference(resolvePointer(document, pointer));
    }
    for (let i = path.length - 1; i >= 0; i--) depth.set(path[i]!, ++known);
    longest = Math.max(longest, known);
  }
  return { length: longest, ...(cycle !== undefined ? { cycle } : {}) };
}

/**
 * The references of a document, in one walk (iteratively: the document may be deep): every `#/…`
 * pointer into it, and whether any object refers to another document, by json-schema-ref-parser's own
 * test (`$Ref.isExternal$Ref`: a `$ref` that is a non-empty string not starting with `#`). Without such
 * a reference its search for them (another walk of the whole document) would find nothing and is skipped.
 */
export function referencesOf(document: unknown): { readonly internal: readonly string[]; readonly external: boolean } {
  const internal: string[] = [];
  let external = false;
  const stack: unknown[] = [document];
  const seen = new Set<object>();
  while (stack.length > 0) {
    const value = stack.pop();
    if (value === null || typeof value !== 'object' || seen.has(value)) continue;
    seen.add(value);
    const ref = (value as Record<string, unknown>)['$ref'];
    if (typeof ref === 'string') {
      if (ref.startsWith('#/')) internal.push(ref);
      else if (ref.length > 0 && !ref.startsWith('#')) external = true;
    }
    pushChildren(value, stack);
  }
  return { internal, external };
}

/** The object and array values of `value`, pushed onto `stack` (without the arrays `Object.values` makes). */
function pushChildren(value: object, stack: unknown[]): void {
  if (Array.isArray(value)) {
    for (const child of value as unknown[]) if (child !== null && typeof child === 'object') stack.push(child);
    return;
  }
  const record = value as Record<string, unknown>;
  for (const key in record) {
    if (!Object.prototype.hasOwnProperty.call(record, key)) continue;
    const child = record[key];
    if (child !== null && typeof child === 'object') stack.push(child);
  }
}

/** The target pointer when the value is a reference object that points inside the document. */
function onlyReference(value: unknown): string | undefined {
  if (value === null || typeof value !== 'object') return undefined;
  const ref = (value as Record<string, unknown>)['$ref'];
  return typeof ref === 'string' && ref.startsWith('#/') ? ref : undefined;
}

function resolvePointer(document: unknown, pointer: string): unknown {
  let value = document;
  for (const raw of pointer.slice(2).split('/')) {
    if (value === null || typeof value !== 'object') return undefined;
    let token: string;
    try {
      token = decodeURIComponent(raw).replace(/~1/g, '/').replace(/~0/g, '~');
    } catch {
      return undefined;
    }
    value = Object.prototype.hasOwnProperty.call(value, token) ? (value as Record<string, unknown>)[token] : undefined;
  }
  return value;
}
