/** The longest chain of `$ref`s to `$ref`s a document may have (real documents have a handful). */
export const MAX_REFERENCE_CHAIN = 100;

/**
 * The length of the longest chain of references inside the document: a `$ref` whose target is itself
 * only a `$ref`, and so on. The dereferencer's time grows faster than the chain (a 500-deep chain takes
 * seconds, a 3 000-deep one minutes), so a document is measured before it is dereferenced and a chain
 * past `MAX_REFERENCE_CHAIN` is refused with its length. A chain that comes back to itself is a cycle
 * of references that never reaches a value.
 */
export function longestReferenceChain(document: unknown): { readonly length: number; readonly cycle?: string } {
  const depth = new Map<string, number>();
  let longest = 0;
  let cycle: string | undefined;
  for (const start of internalReferences(document)) {
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

/** Every `#/…` reference in the document (iteratively: the document may be deep). */
function* internalReferences(document: unknown): Generator<string> {
  const stack: unknown[] = [document];
  const seen = new Set<object>();
  while (stack.length > 0) {
    const value = stack.pop();
    if (value === null || typeof value !== 'object' || seen.has(value)) continue;
    seen.add(value);
    const ref = (value as Record<string, unknown>)['$ref'];
    if (typeof ref === 'string' && ref.startsWith('#/')) yield ref;
    for (const child of Array.isArray(value) ? value : Object.values(value)) if (child !== null && typeof child === 'object') stack.push(child);
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
