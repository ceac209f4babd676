import { Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { Writable } from 'node:stream';
import zlib from 'node:zlib';
import { describe, expect, it } from 'vitest';
import { ContentDecoder, parseContentEncoding, type ContentCoding } from '../../../src/harvest/fetch/body-decoder.js';

async function decode(coding: ContentCoding, chunks: Buffer[]): Promise<Buffer> {
  const out: Buffer[] = [];
  await pipeline(
    Readable.from(chunks),
    new ContentDecoder(coding),
    new Writable({
      write(chunk: Buffer, _e, cb) {
        out.push(chunk);
        cb();
      },
    }),
  );
  return Buffer.concat(out);
}

/** Splits a buffer into 1-byte chunks: the decoder must not depend on how the network cuts the body. */
function bytewise(buffer: Buffer): Buffer[] {
  return [...buffer].map((b) => Buffer.from([b]));
}

const text = Buffer.from('<https://example.org/ds/1> a <http://www.w3.org/ns/dcat#Dataset> .\n'.repeat(50));

describe('parseContentEncoding', () => {
  it('lists the codings to undo, last applied first', () => {
    expect(parseContentEncoding(undefined)).toEqual({ codings: [] });
    expect(parseContentEncoding('identity')).toEqual({ codings: [] });
    expect(parseContentEncoding('GZIP')).toEqual({ codings: ['gzip'] });
    expect(parseContentEncoding('x-gzip')).toEqual({ codings: ['gzip'] });
    expect(parseContentEncoding('deflate, br')).toEqual({ codings: ['br', 'deflate'] });
    expect(parseContentEncoding(' gzip ,, identity ')).toEqual({ codings: ['gzip'] });
  });

  it('names the first coding it does not know', () => {
    expect(parseContentEncoding('gzip, compress')).toEqual({ codings: [], unsupported: 'compress' });
    expect(parseContentEncoding('zstd')).toEqual({ codings: [], unsupported: 'zstd' });
  });
});

describe('ContentDecoder', () => {
  it.each([
    ['gzip', zlib.gzipSync(text)],
    ['deflate', zlib.deflateSync(text)],
    ['deflate', zlib.deflateRawSync(text)],
    ['br', zlib.brotliCompressSync(text)],
  ] as const)('undoes %s, whole or one byte at a time', async (coding, wire) => {
    expect((await decode(coding, [wire])).equals(text)).toBe(true);
    expect((await decode(coding, bytewise(wire))).equals(text)).toBe(true);
  });

  it('tells zlib-wrapped from raw deflate by the header', async () => {
    // A raw deflate stream whose first two bytes do not form a valid zlib header.
    const raw = zlib.deflateRawSync(Buffer.from('x'));
    expect((raw[0]! * 256 + raw[1]!) % 31 === 0 && (raw[0]! & 0x0f) === 8).toBe(false);
    expect((await decode('deflate', [raw])).toString()).toBe('x');
  });

  it('turns an empty body into an empty body (zlib alone would call it truncated)', async () => {
    for (const coding of ['gzip', 'deflate', 'br'] as const) expect((await decode(coding, [])).length).toBe(0);
  });

  it('fails on corrupt input', async () => {
    await expect(decode('gzip', [Buffer.from('plain text, not gzip')])).rejects.toMatchObject({ code: 'Z_DATA_ERROR' });
    await expect(decode('deflate', [Buffer.from([0x78])])).rejects.toMatchObject({ code: 'Z_BUF_ERROR' });
    await expect(decode('br', [zlib.brotliCompressSync(text).subarray(0, 10)])).rejects.toThrow();
  });
});
