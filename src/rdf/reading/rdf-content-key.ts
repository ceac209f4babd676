import { createHash } from 'node:crypto';
import { chooseSyntax, type RdfSyntax } from '../syntax.js';

/** The syntaxes of the Turtle family: the same rules for comments, white space, strings and IRIs. */
const TURTLE_FAMILY: ReadonlySet<RdfSyntax> = new Set<RdfSyntax>(['turtle', 'trig', 'n-triples', 'n-quads']);

const SPACE = 0x20;
const TAB = 0x09;
const LF = 0x0a;
const CR = 0x0d;
const HASH = 0x23;
const LESS = 0x3c;
const GREATER = 0x3e;
const DOUBLE_QUOTE = 0x22;
const SINGLE_QUOTE = 0x27;
const BACKSLASH = 0x5c;
const OPEN_BRACE = 0x7b;
const CLOSE_BRACE = 0x7d;

/** Canonical text is handed on in pieces of at most this many bytes (a string or IRI longer than it goes on whole). */
const PIECE = 64 * 1024;

/**
 * A Turtle-family document (Turtle, TriG, N-Triples, N-Quads) without its comments, every run of white
 * space between tokens made one space: two documents with the same canonical text have the same
 * tokens, so they parse to the same graph (under the same base IRI). Strings (short and long, either
 * quote) and IRIs are copied byte for byte; a backslash escape outside them (a local name's `\#`) too.
 * Works on the bytes: every character it looks for is ASCII, and no byte of a multi-byte UTF-8
 * character is. Undefined when the document ends inside a string or an IRI, an IRI holds a character
 * no IRI may (a space, a line break, `<`, `{`, `}`), or a long string ends in a quote (where readers
 * disagree on its end): such a document is compared by its bytes.
 */
export function canonicalTurtleText(body: Uint8Array): Uint8Array | undefined {
  const pieces: Uint8Array[] = [];
  return writeCanonicalTurtle(body, (piece) => pieces.push(piece.slice())) ? Buffer.concat(pieces) : undefined;
}

/**
 * Hands the canonical text of `body` (see `canonicalTurtleText`) to `write` in pieces, in order, and
 * tells whether the document has one (false: what was handed on so far means nothing). A piece is
 * only valid during its call. The content key hashes the pieces as they come, so reading a document's
 * key holds one small piece beside the document, not a second document.
 */
export function writeCanonicalTurtle(body: Uint8Array, write: (piece: Uint8Array) => void): boolean {
  const n = body.length;
  const out = new Uint8Array(Math.min(PIECE, n));
  let o = 0;
  let written = false;
  let space = false;
  let i = 0;
  const flush = (): void => {
    if (o > 0) write(out.subarray(0, o));
    o = 0;
  };
  while (i < n) {
    const c = body[i]!;
    if (c === SPACE || c === TAB || c === LF || c === CR) {
      space = true;
      i++;
      continue;
    }
    if (c === HASH) {
      // A comment runs to the end of its line; it separates tokens as white space does.
      i++;
      while (i < n && body[i] !== LF && body[i] !== CR) i++;
      space = true;
      continue;
    }
    if (space) {
      if (o > 0 || written) {
        if (o === out.length) flush();
        out[o++] = SPACE;
      }
      space = false;
    }
    let end: number;
    if (c === LESS) end = iriEnd(body, i);
    else if (c === DOUBLE_QUOTE || c === SINGLE_QUOTE) end = stringEnd(body, i, c);
    else if (c === BACKSLASH) end = i + 2;
    else end = i + 1;
    if (end < 0 || end > n) return false;
    if (o + (end - i) > out.length) flush();
    if (end - i > out.length) write(body.subarray(i, end));
    else if (end === i + 1) out[o++] = c;
    else {
      out.set(body.subarray(i, end), o);
      o += end - i;
    }
    written = true;
    i = end;
  }
  flush();
  return true;
}

/** The index after an IRI's `>`, or -1 when it has none or holds a character no IRI may. */
function iriEnd(body: Uint8Array, start: number): number {
  for (let i = start + 1; i < body.length; i++) {
    const c = body[i]!;
    if (c === GREATER) return i + 1;
    if (c <= SPACE || c === LESS || c === OPEN_BRACE || c === CLOSE_BRACE) return -1;
  }
  return -1;
}

/** The index after a string's closing quote(s): `"…"`, `'…'`, `"""…"""` or `'''…'''`; -1 when it is not closed. */
function stringEnd(body: Uint8Array, start: number, quote: number): number {
  const n = body.length;
  const long = body[start + 1] === quote && body[start + 2] === quote;
  if (!long) {
    // `""` is the empty string; a short string cannot span lines.
    for (let i = start + 1; i < n; i++) {
      const c = body[i]!;
      if (c === BACKSLASH) i++;
      else if (c === quote) return i + 1;
      else if (c === LF || c === CR) return -1;
    }
    return -1;
  }
  for (let i = start + 3; i < n; i++) {
    const c = body[i]!;
    if (c === BACKSLASH) i++;
    else if (c === quote) {
      // Three quotes close the string. More than three in a row (content ending in a quote, by the
      // grammar) n3 reads otherwise (it closes at the first three): no canonical text then.
      let run = 1;
      while (i + run < n && body[i + run] === quote) run++;
      if (run === 3) return i + 3;
      if (run > 3) return -1;
      i += run - 1;
    }
  }
  return -1;
}

/**
 * What an RDF document says, as a key to compare with the last harvest's: for the Turtle family (the
 * syntax chosen exactly as the reader will choose it), the SHA-256 of its canonical text with the syntax
 * and the base IRI, so a document rewritten with other comments or other white space is the same
 * document; undefined for other syntaxes, or when the text cannot be made canonical (compare the bytes).
 */
export function rdfContentKey(document: { readonly body: Uint8Array; readonly contentType: string | undefined; readonly url: string }): string | undefined {
  const head = Buffer.from(document.body.buffer, document.body.byteOffset, Math.min(2048, document.body.length)).toString('utf8');
  const choice = chooseSyntax({ ...(document.contentType !== undefined ? { contentType: document.contentType } : {}), url: document.url, head });
  if (!choice.ok || !TURTLE_FAMILY.has(choice.syntax)) return undefined;
  const hash = createHash('sha256');
  if (!writeCanonicalTurtle(document.body, (piece) => hash.update(piece))) return undefined;
  return `${choice.syntax} ${document.url} ${hash.digest('base64url')}`;
}
