import type http from 'node:http';
import { Transform, Writable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { ContentDecoder, parseContentEncoding, type ContentCoding } from './body-decoder.js';
import { FetchError } from './fetch-error.js';
import { clean, short, tooLargeError } from './fetch-failures.js';

// Reading response bodies: the document itself under the size cap (counted on the wire and after
// decompression), and a short excerpt of an error page for the run report.

const EXCERPT_BYTES = 4096;
const EXCERPT_CHARS = 200;
const EXCERPT_TIME_MS = 1000;

/** Streams the body through the decoders, failing as soon as either count passes the cap. */
export async function readBody(res: http.IncomingMessage, codings: readonly ContentCoding[], maxBytes: number, href: string): Promise<Buffer> {
  let received = 0;
  let decoded = 0;
  const chunks: Buffer[] = [];
  const counter = new Transform({
    transform(chunk: Buffer, _encoding, callback) {
      received += chunk.length;
      if (received > maxBytes) callback(tooLargeError(href, maxBytes, codings.length > 0 ? 'on the wire, before decompression' : undefined));
      else callback(null, chunk);
    },
  });
  const sink = new Writable({
    write(chunk: Buffer, _encoding, callback) {
      decoded += chunk.length;
      if (decoded > maxBytes) {
        callback(tooLargeError(href, maxBytes, `after decompression (${codings.join(', ')})`));
        return;
      }
      chunks.push(chunk);
      callback();
    },
  });
  await pipeline([res, counter, ...codings.map((c) => new ContentDecoder(c)), sink]);
  if (!res.complete) throw new FetchError('network', href, `The connection to ${short(href)} closed before the whole body arrived.`);
  return Buffer.concat(chunks, decoded);
}

/** A short, printable excerpt of a textual error body (or an HTML page's title), or undefined. */
export async function readExcerpt(res: http.IncomingMessage): Promise<string | undefined> {
  const type = (res.headers['content-type'] ?? '').toLowerCase();
  const isHtml = type.includes('html');
  const isText = isHtml || type.startsWith('text/') || /[/+](json|xml)\b/.test(type);
  const encoding = parseContentEncoding(res.headers['content-encoding']);
  if (!isText || encoding.unsupported !== undefined) {
    res.resume();
    return undefined;
  }
  const chunks: Buffer[] = [];
  let size = 0;
  const enough = new Error('enough');
  const sink = new Writable({
    write(chunk: Buffer, _encoding, callback) {
      chunks.push(chunk);
      size += chunk.length;
      callback(size >= EXCERPT_BYTES ? enough : null);
    },
  });
  const timebox = new Promise<void>((resolve) => setTimeout(resolve, EXCERPT_TIME_MS).unref());
  // The sink ends the pipeline with an error once it holds enough; a body that breaks off leaves what was read: either way the excerpt is what arrived.
  await Promise.race([pipeline([res, ...encoding.codings.map((c) => new ContentDecoder(c)), sink]).catch(() => undefined), timebox]);
  let text = Buffer.concat(chunks).subarray(0, EXCERPT_BYTES).toString('utf8');
  if (isHtml) {
    const title = /<title[^>]*>([^<]*)/i.exec(text);
    if (title === null) return undefined;
    text = title[1]!;
  }
  const excerpt = clean(text, EXCERPT_CHARS);
  return excerpt === '' ? undefined : excerpt;
}
