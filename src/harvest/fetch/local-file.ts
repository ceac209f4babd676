import { constants, promises as fs } from 'node:fs';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { FetchError } from './fetch-error.js';

const CHUNK_BYTES = 1 << 20;

/**
 * Reads a local file's bytes for the CLI (a local path is only ever accepted from the command line, never
 * from a registered source). The same size cap as the fetcher applies. Rejects with a FetchError
 * (`file-not-found`, `not-a-file`, `unreadable`, `too-large`) whose message names the absolute
 * path and whose `url` is its file: URL.
 *
 * The file is opened once and checked on the open handle (no check-then-open race), with
 * O_NONBLOCK so that a FIFO cannot hang the open; only regular files are read, so devices like
 * /dev/zero and /dev/stdin are refused rather than read forever.
 */
export async function readLocalFile(filePath: string, maxBytes: number): Promise<Buffer> {
  if (!Number.isFinite(maxBytes) || maxBytes <= 0) throw new RangeError(`maxBytes must be a positive number, got ${String(maxBytes)}.`);
  const absolute = path.resolve(filePath);
  const url = pathToFileURL(absolute).href;
  let handle: fs.FileHandle;
  try {
    handle = await fs.open(absolute, constants.O_RDONLY | (constants.O_NONBLOCK ?? 0));
  } catch (error) {
    throw openError(error, absolute, url);
  }
  try {
    const stat = await handle.stat();
    if (stat.isDirectory()) throw new FetchError('not-a-file', url, `${absolute} is a directory, not a file.`);
    if (!stat.isFile()) throw new FetchError('not-a-file', url, `${absolute} is not a regular file.`);
    if (stat.size > maxBytes) {
      throw new FetchError('too-large', url, `${absolute} is ${stat.size} bytes, larger than the limit of ${maxBytes} bytes.`, { limit: maxBytes });
    }
    // Read into one buffer of the size fstat gave (no zero-filling, no copying of chunks), until end of file or
    // one byte past the cap: the file may have grown since fstat, and then the buffer grows.
    let buffer = Buffer.allocUnsafe(Math.min(stat.size, maxBytes) + 1);
    let length = 0;
    for (;;) {
      if (length === buffer.length) {
        const bigger = Buffer.allocUnsafe(Math.min(2 * buffer.length + CHUNK_BYTES, maxBytes + 1));
        buffer.copy(bigger, 0, 0, length);
        buffer = bigger;
      }
      const { bytesRead } = await handle.read(buffer, length, buffer.length - length, length);
      if (bytesRead === 0) break;
      length += bytesRead;
      if (length > maxBytes) {
        throw new FetchError('too-large', url, `${absolute} is larger than the limit of ${maxBytes} bytes.`, { limit: maxBytes });
      }
    }
    return buffer.subarray(0, length);
  } catch (error) {
    if (error instanceof FetchError) throw error;
    throw new FetchError('unreadable', url, `Could not read ${absolute}: ${(error as Error).message}.`, { cause: error });
  } finally {
    await handle.close().catch(() => undefined); // a read-only handle that fails to close loses nothing; the read's outcome is the answer
  }
}

function openError(error: unknown, absolute: string, url: string): FetchError {
  const code = (error as NodeJS.ErrnoException).code;
  if (code === 'ENOENT') return new FetchError('file-not-found', url, `No such file: ${absolute}.`, { cause: error });
  if (code === 'ENOTDIR') return new FetchError('file-not-found', url, `No such file: ${absolute} (a parent is not a directory).`, { cause: error });
  if (code === 'EISDIR') return new FetchError('not-a-file', url, `${absolute} is a directory, not a file.`, { cause: error });
  if (code === 'EACCES' || code === 'EPERM') return new FetchError('unreadable', url, `Permission denied reading ${absolute}.`, { cause: error });
  if (code === 'ELOOP') return new FetchError('unreadable', url, `Too many symbolic links resolving ${absolute}.`, { cause: error });
  return new FetchError('unreadable', url, `Could not open ${absolute}: ${(error as Error).message}.`, { cause: error });
}
