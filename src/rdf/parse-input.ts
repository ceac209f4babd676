import { isUtf8 } from 'node:buffer';
import { RdfParseError } from './parse-error.js';
import type { RdfSyntax } from './syntax.js';

/** Characters handed to a parser at a time; between chunks the parse yields and checks its abort signal. */
export const CHUNK_CHARS = 1 << 16;

/** Bytes decoded at a time. */
const CHUNK_BYTES = 1 << 16;

/**
 * The 0-based offset of the first byte that does not belong to a well-formed UTF-8 sequence (RFC 3629:
 * no overlong forms, no surrogates, nothing above U+10FFFF, no truncated sequence), or -1.
 */
export function firstInvalidUtf8(bytes: Uint8Array): number {
  const n = bytes.length;
  let i = 0;
  while (i < n) {
    const c = bytes[i]!;
    if (c < 0x80) {
      i++;
      continue;
    }
    let need = 0;
    let lo = 0x80;
    let hi = 0xbf;
    if (c >= 0xc2 && c <= 0xdf) need = 1;
    else if (c >= 0xe0 && c <= 0xef) need = 2;
    else if (c >= 0xf0 && c <= 0xf4) need = 3;
    else return i; // a continuation byte, an overlong lead (C0, C1) or above U+10FFFF (F5..FF)
    if (c === 0xe0) lo = 0xa0; // overlong 3-byte form
    else if (c === 0xed) hi = 0x9f; // UTF-16 surrogates
    else if (c === 0xf0) lo = 0x90; // overlong 4-byte form
    else if (c === 0xf4) hi = 0x8f; // above U+10FFFF
    const second = bytes[i + 1];
    if (second === undefined || second < lo || second > hi) return i;
    for (let k = 2; k <= need; k++) {
      const b = bytes[i + k];
      if (b === undefined || b < 0x80 || b > 0xbf) return i;
    }
    i += need + 1;
  }
  return -1;
}

function lineOfByte(bytes: Uint8Array, offset: number): number {
  let line = 1;
  for (let i = bytes.indexOf(0x0a); i !== -1 && i < offset; i = bytes.indexOf(0x0a, i + 1)) line++;
  return line;
}

/** Throws an RdfParseError naming the byte offset when the bytes are not UTF-8. */
export function assertUtf8(bytes: Uint8Array, syntax: RdfSyntax): void {
  if (isUtf8(bytes)) return;
  const offset = firstInvalidUtf8(bytes);
  const at = offset < 0 ? bytes.length : offset;
  const shown = Array.from(bytes.subarray(at, at + 4), (b) => `0x${b.toString(16).toUpperCase().padStart(2, '0')}`).join(' ');
  const line = lineOfByte(bytes, at);
  throw new RdfParseError(syntax, `the input is not valid UTF-8: invalid byte sequence ${shown} at byte offset ${at}`, { line, offset: at });
}

/**
 * The input as text chunks of about CHUNK_CHARS characters. Bytes are checked to be UTF-8 first (an
 * RdfParseError naming the offset otherwise) and decoded chunk by chunk; a leading BOM is dropped.
 */
export function textChunks(input: Buffer | Uint8Array | string, syntax: RdfSyntax): Iterable<string> {
  if (typeof input === 'string') {
    const text = input.charCodeAt(0) === 0xfeff ? input.slice(1) : input;
    return stringChunks(text);
  }
  assertUtf8(input, syntax);
  return byteChunks(input);
}

function* stringChunks(text: string): Generator<string> {
  let i = 0;
  while (i < text.length) {
    let end = Math.min(i + CHUNK_CHARS, text.length);
    const last = text.charCodeAt(end - 1);
    if (end < text.length && last >= 0xd800 && last <= 0xdbff) end++; // never split a surrogate pair
    yield text.slice(i, end);
    i = end;
  }
}

function* byteChunks(bytes: Uint8Array): Generator<string> {
  const decoder = new TextDecoder('utf-8'); // strips a leading BOM; input already checked
  for (let i = 0; i < bytes.length; i += CHUNK_BYTES) {
    const text = decoder.decode(bytes.subarray(i, i + CHUNK_BYTES), { stream: true });
    if (text !== '') yield text;
  }
  const rest = decoder.decode();
  if (rest !== '') yield rest;
}

/** The whole input as one string (UTF-8 checked, BOM dropped), for parsers that need it whole. */
export function wholeText(input: Buffer | Uint8Array | string, syntax: RdfSyntax): string {
  if (typeof input === 'string') return input.charCodeAt(0) === 0xfeff ? input.slice(1) : input;
  assertUtf8(input, syntax);
  return new TextDecoder('utf-8').decode(input);
}

/** Lets timers, I/O and abort signals run between chunks. */
export function nextTurn(): Promise<void> {
  return new Promise((resolve) => setImmediate(resolve));
}
