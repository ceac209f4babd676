import { Transform, type TransformCallback } from 'node:stream';
import zlib from 'node:zlib';

/** The content codings the fetcher asks for and undoes. */
export const ACCEPT_ENCODING = 'gzip, deflate, br';

export type ContentCoding = 'gzip' | 'deflate' | 'br';

/**
 * Parses a Content-Encoding header into the codings to undo, in the order to undo them (the last
 * applied first). `identity` is dropped. Returns the first unknown coding as `unsupported`.
 */
export function parseContentEncoding(header: string | undefined): { codings: ContentCoding[]; unsupported?: string } {
  if (header === undefined) return { codings: [] };
  const applied: ContentCoding[] = [];
  for (const raw of header.split(',')) {
    const coding = raw.trim().toLowerCase();
    if (coding === '' || coding === 'identity') continue;
    if (coding === 'gzip' || coding === 'x-gzip') applied.push('gzip');
    else if (coding === 'deflate') applied.push('deflate');
    else if (coding === 'br') applied.push('br');
    else return { codings: [], unsupported: coding };
  }
  return { codings: applied.reverse() };
}

/**
 * Undoes one content coding. The zlib stream is created on the first byte, so an empty body stays
 * an empty body (zlib rejects an empty stream), and `deflate` can follow what servers really send:
 * RFC 9110 says zlib-wrapped, some old servers send raw deflate; the first two bytes tell which.
 */
export class ContentDecoder extends Transform {
  private inner: zlib.Gunzip | zlib.Inflate | zlib.InflateRaw | zlib.BrotliDecompress | undefined;
  private head: Buffer = Buffer.alloc(0);

  constructor(readonly coding: ContentCoding) {
    super();
  }

  override _transform(chunk: Buffer, _encoding: BufferEncoding, callback: TransformCallback): void {
    if (this.inner !== undefined) {
      this.writeInner(chunk, callback);
      return;
    }
    this.head = this.head.length === 0 ? chunk : Buffer.concat([this.head, chunk]);
    if (this.coding === 'deflate' && this.head.length < 2) {
      callback();
      return;
    }
    this.start();
    this.writeInner(this.head, callback);
  }

  override _flush(callback: TransformCallback): void {
    if (this.inner === undefined) {
      if (this.head.length === 0) {
        callback();
        return;
      }
      this.start();
      this.inner!.write(this.head);
    }
    const inner = this.inner!;
    inner.once('end', () => callback());
    inner.end();
  }

  override _destroy(error: Error | null, callback: (error: Error | null) => void): void {
    this.inner?.destroy();
    callback(error);
  }

  private start(): void {
    const inner = this.createInner();
    inner.on('data', (data: Buffer) => this.push(data));
    inner.on('error', (error) => this.destroy(error));
    this.inner = inner;
  }

  private createInner(): zlib.Gunzip | zlib.Inflate | zlib.InflateRaw | zlib.BrotliDecompress {
    switch (this.coding) {
      case 'gzip':
        return zlib.createGunzip();
      case 'br':
        return zlib.createBrotliDecompress();
      case 'deflate':
        return isZlibHeader(this.head) ? zlib.createInflate() : zlib.createInflateRaw();
    }
  }

  private writeInner(chunk: Buffer, callback: TransformCallback): void {
    // Errors arrive through the inner stream's 'error' event, which destroys this stream.
    this.inner!.write(chunk, () => callback());
  }
}

/** RFC 1950 header: compression method 8, window ≤ 32 KiB, header checksum divisible by 31. */
function isZlibHeader(head: Buffer): boolean {
  if (head.length < 2) return false;
  const cmf = head[0]!;
  const flg = head[1]!;
  return (cmf & 0x0f) === 8 && cmf >> 4 <= 7 && ((cmf << 8) | flg) % 31 === 0;
}
