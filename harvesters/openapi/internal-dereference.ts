/**
 * Dereferences a document whose `$ref`s all point inside it (`#/…`), giving exactly what
 * json-schema-ref-parser's `dereference` (14.x, with `dereference.circular: "ignore"`, no external
 * resolution, `continueOnError`) gives: the same objects replaced in place, the same values shared,
 * the same `$ref`s kept where a schema is circular, the same `circular` flag.
 *
 * It is that library's algorithm (`crawl`, `dereference$Ref`, `Pointer.resolve`, `resolveIf$Ref`,
 * `$Ref.dereference`), step for step, with two things made cheap:
 * - paths are built only when they are read. The library joins a JSON pointer string (one
 *   `encodeURIComponent` per key) for every key it walks; it reads those strings only for a reference
 *   it resolves, to compare a target with where the reference came from. Here a path is a link to its
 *   parent and key, written out on first use.
 * - the document's own URL is left out of every path. Every path of a document without external
 *   references starts with it, so comparing them without it gives the same answers; a `$ref` is turned
 *   into a path (`url.resolve`) without a URL parse, for the `$ref`s whose text that parse leaves as it is
 *   (checked per character).
 *
 * Where the library would record an error (a pointer naming nothing, an invalid pointer), take a path
 * this port does not model (a token with a slash, a `null` target, a primitive on the way, a `$ref` with
 * characters the URL parser rewrites), or fail, this returns `undefined` after possibly changing the
 * document in place: the caller then reads the document again and runs the library, so those documents
 * get the library's own answer, messages included. So does any other failure (a stack overflow on a
 * document nested too deeply included).
 */

type Json = Record<string, unknown>;

/** The library's outcome for a document: the dereferenced value and whether it has circular references. */
export interface Dereferenced {
  readonly value: unknown;
  readonly circular: boolean;
}

/** A situation this port leaves to the library. */
class NotModelled extends Error {}

/** A path of the library, without the document's URL: `""` for the document itself, else `#/a/b`. */
type Path = string | PathLink;

/** A path written out only when read: its parent's path plus one key. */
class PathLink {
  /** The path written out, once it has been read. */
  text: string | undefined;
  constructor(
    readonly parent: Path,
    readonly key: string,
  ) {}
}

/** The path as the library writes it (iteratively: a path can be as deep as the document). */
function textOf(path: Path): string {
  if (typeof path === 'string') return path;
  if (path.text !== undefined) return path.text;
  const chain: PathLink[] = [];
  let at: Path = path;
  while (typeof at !== 'string' && at.text === undefined) {
    chain.push(at);
    at = at.parent;
  }
  let text = typeof at === 'string' ? at : at.text!;
  for (let i = chain.length - 1; i >= 0; i--) {
    text = joinPointer(text, chain[i]!.key);
    chain[i]!.text = text;
  }
  return text;
}

/** `Pointer.join(base, token)`. */
function joinPointer(base: string, token: string): string {
  return `${base.indexOf('#') === -1 ? `${base}#` : base}/${encodeURIComponent(token.replace(/~/g, '~0').replace(/\//g, '~1'))}`;
}

/**
 * `url.resolve(path, ref)` for a `$ref` starting with `#`, without the document's URL: the ref itself
 * when the URL parser keeps its text as it is (printable ASCII without the characters a fragment
 * percent-encodes, a backslash (read as a slash) or a second `#`). Anything else is left to the library.
 */
function refPath(ref: string): string {
  for (let i = 1; i < ref.length; i++) {
    const c = ref.charCodeAt(i);
    // ! through ~, except " # < > \ `
    if (c < 0x21 || c > 0x7e || c === 0x22 || c === 0x23 || c === 0x3c || c === 0x3e || c === 0x5c || c === 0x60) throw new NotModelled();
  }
  return ref;
}

/** `$Ref.is$Ref`. */
function isRef(value: unknown): value is { $ref: string } {
  return Boolean(value) && typeof value === 'object' && value !== null && '$ref' in value && typeof value.$ref === 'string' && value.$ref.length > 0;
}

/** `$Ref.isAllowed$Ref` without external resolution. */
function isAllowedRef(value: unknown): value is { $ref: string } {
  return isRef(value) && (value.$ref.substring(0, 2) === '#/' || value.$ref === '#');
}

/** `$Ref.isExtended$Ref`. */
function isExtendedRef(value: unknown): boolean {
  return isRef(value) && Object.keys(value).length > 1;
}

/** `$Ref.dereference`: a reference with other keys beside `$ref` makes a new object of both. */
function mergeRef(ref: Json, resolved: unknown): unknown {
  if (resolved && typeof resolved === 'object' && isExtendedRef(ref)) {
    const merged: Json = {};
    for (const key of Object.keys(ref)) if (key !== '$ref') merged[key] = ref[key];
    for (const key of Object.keys(resolved)) if (!(key in merged)) merged[key] = (resolved as Json)[key];
    return merged;
  }
  return resolved;
}

/** `Pointer.parse`: the tokens of a path's pointer. */
function pointerTokens(path: string): string[] {
  const hash = path.indexOf('#');
  const pointer = hash === -1 ? '' : path.substring(hash + 1);
  if (!pointer) return [];
  const split = pointer.split('/');
  if (split[0] !== '') throw new NotModelled(); // InvalidPointerError, an error the library records
  const tokens: string[] = [];
  for (let i = 1; i < split.length; i++) {
    const raw = split[i]!.replace(/~1/g, '/').replace(/~0/g, '~');
    let token: string;
    try {
      token = decodeURIComponent(raw);
    } catch {
      token = raw;
    }
    tokens.push(token);
  }
  return tokens;
}

/** What `Pointer.resolve` gives back. */
interface Resolved {
  path: string;
  value: unknown;
  circular: boolean;
}

interface Cached {
  readonly circular: boolean;
  readonly value: unknown;
}

class InternalDereferencer {
  readonly #root: unknown;
  /** `dereferencedCache`, keyed by the reference's path. */
  readonly #cache = new Map<string, Cached>();
  /** The objects being crawled, from the root down to here. */
  readonly #parents = new Set<unknown>();

  constructor(root: unknown) {
    this.#root = root;
  }

  /** `crawl`. `path`: where `value` is (its target, if it was reached through a reference); `fromRoot`: the way it was reached. */
  crawl(value: unknown, path: Path, fromRoot: Path): Cached {
    if (!value || typeof value !== 'object' || ArrayBuffer.isView(value)) return { value, circular: false };
    const obj = value as Json;
    const parents = this.#parents;
    parents.add(obj);
    let result: Cached;
    if (isAllowedRef(obj)) {
      result = this.#dereferenceRef(obj, path, fromRoot);
    } else {
      let circular = false;
      for (const key of Object.keys(obj)) {
        const child = obj[key];
        if (isAllowedRef(child)) {
          const dereferenced = this.#dereferenceRef(child, new PathLink(path, key), new PathLink(fromRoot, key));
          if (dereferenced.circular) circular = true;
          if (obj[key] !== dereferenced.value) obj[key] = dereferenced.value;
        } else if (!parents.has(child)) {
          // A primitive is returned as it is; only an object needs its paths.
          if (child && typeof child === 'object') {
            const crawled = this.crawl(child, new PathLink(path, key), new PathLink(fromRoot, key));
            if (crawled.circular) circular = true;
            if (obj[key] !== crawled.value) obj[key] = crawled.value;
          }
        } else {
          circular = true;
        }
      }
      result = { value: obj, circular };
    }
    parents.delete(obj);
    return result;
  }

  /** `dereference$Ref`. */
  #dereferenceRef(ref: Json & { $ref: string }, path: Path, fromRoot: Path): Cached {
    const target = refPath(ref.$ref);
    const cache = this.#cache.get(target);
    if (cache) {
      if (!cache.circular) {
        const refKeys = Object.keys(ref);
        if (refKeys.length > 1) {
          if (cache.value === null || typeof cache.value !== 'object') throw new NotModelled(); // `key in` a primitive throws in the library
          const extraKeys: Json = {};
          for (const key of refKeys) if (key !== '$ref' && !(key in cache.value)) extraKeys[key] = ref[key];
          return { circular: cache.circular, value: Object.assign({}, cache.value, extraKeys) };
        }
        return cache;
      }
      if (cache.value === null) throw new NotModelled(); // `"$ref" in null` throws in the library
      if (typeof cache.value === 'object' && '$ref' in cache.value && '$ref' in ref) {
        if ((cache.value as Json)['$ref'] === ref.$ref) return cache;
      } else {
        return cache;
      }
    }
    const pointer = this.#resolve(target, path);
    const directCircular = pointer.circular;
    let circular = directCircular || this.#parents.has(pointer.value);
    let value = mergeRef(ref, pointer.value);
    if (!circular) {
      const crawled = this.crawl(value, pointer.path, fromRoot);
      circular = crawled.circular;
      value = crawled.value;
    }
    if (circular && !directCircular) value = ref; // circular: "ignore" keeps the reference
    if (directCircular) (value as Json)['$ref'] = textOf(fromRoot);
    const dereferenced: Cached = { circular, value };
    if (Object.keys(ref).length === 1) this.#cache.set(target, dereferenced);
    return dereferenced;
  }

  /** `$Refs._resolve` → `Pointer.resolve`: the value at `path`, following references on the way. `from`: the path of the reference being resolved. */
  #resolve(path: string, from: Path): Resolved {
    const pointer: Resolved = { path, value: this.#root, circular: false };
    const tokens = pointerTokens(path);
    for (let i = 0; i < tokens.length; i++) {
      if (this.#resolveIfRef(pointer, from)) pointer.path = tokens.slice(i).reduce(joinPointer, pointer.path);
      const token = tokens[i]!;
      const at = pointer.value;
      if (at === null || at === undefined) throw new NotModelled(); // a TypeError in the library
      const next = (at as Json)[token];
      // A missing token (an error the library records, or its retry with tokens joined by slashes) or a null target.
      if (next === undefined || next === null) throw new NotModelled();
      pointer.value = next;
    }
    const value = pointer.value;
    if (!value) {
      this.#resolveIfRef(pointer, from);
    } else {
      const ref = (value as Json)['$ref'];
      if (ref) {
        if (typeof ref !== 'string' || ref[0] !== '#') throw new NotModelled();
        if (refPath(ref) !== textOf(from)) this.#resolveIfRef(pointer, from);
      }
    }
    return pointer;
  }

  /** `resolveIf$Ref`: true when the pointer now stands at another path. */
  #resolveIfRef(pointer: Resolved, from: Path): boolean {
    if (!isAllowedRef(pointer.value)) return false;
    const target = refPath(pointer.value.$ref);
    if (target === pointer.path && !isRootPath(textOf(from))) {
      pointer.circular = true;
      return false;
    }
    const resolved = this.#resolve(target, pointer.path);
    if (isExtendedRef(pointer.value)) {
      pointer.value = mergeRef(pointer.value as Json, resolved.value);
      return false;
    }
    pointer.path = resolved.path;
    pointer.value = resolved.value;
    return true;
  }
}

/** `isRootPath`. */
function isRootPath(path: string): boolean {
  return pointerTokens(path).length === 0;
}

/**
 * The document dereferenced in place, as json-schema-ref-parser's `dereference` would (see the top of
 * this file), or `undefined` when this document needs the library itself: then the document may have
 * been changed, and must be read again before the library gets it. Only for documents without
 * references to other documents.
 */
export function dereferenceInternal(document: unknown): Dereferenced | undefined {
  try {
    return new InternalDereferencer(document).crawl(document, '', '#');
  } catch {
    // NotModelled, or what the library would meet too (a TypeError on a strange target, a stack overflow
    // on a document nested too deeply): the library's own run gives its own answer and message.
    return undefined;
  }
}
