import busboy from 'busboy';
import type { Request } from 'express';
import { BadRequestError, PayloadTooLargeError, UnsupportedMediaTypeError } from '../../../core/errors.js';

/** A form posted by a browser: its text fields and at most one file. */
export interface PostedForm {
  readonly fields: ReadonlyMap<string, string>;
  readonly file?: { readonly name: string; readonly contentType: string; readonly data: Buffer };
}

/**
 * Reads a `multipart/form-data` (or url-encoded) form with busboy, within limits: at most `maxBytes`
 * per file and per field, one file, a handful of fields. Over a limit is a 413 naming it.
 */
export function readForm(req: Request, maxBytes: number): Promise<PostedForm> {
  return new Promise((resolve, reject) => {
    let parser: busboy.Busboy;
    try {
      parser = busboy({ headers: req.headers, limits: { fileSize: maxBytes, fieldSize: maxBytes, files: 1, fields: 10, parts: 12 } });
    } catch {
      reject(new UnsupportedMediaTypeError('Send the form as multipart/form-data or application/x-www-form-urlencoded.'));
      return;
    }
    const fields = new Map<string, string>();
    let file: { name: string; contentType: string; data: Buffer } | undefined;
    let failed: Error | undefined;
    parser.on('field', (name, value, info) => {
      if (info.valueTruncated) failed ??= new PayloadTooLargeError(`The field "${name.slice(0, 40)}" is larger than ${maxBytes} bytes.`);
      fields.set(name, value);
    });
    parser.on('file', (name, stream, info) => {
      const chunks: Buffer[] = [];
      stream.on('data', (c: Buffer) => chunks.push(c));
      stream.on('limit', () => {
        failed ??= new PayloadTooLargeError(`The file is larger than ${maxBytes} bytes.`);
      });
      stream.on('end', () => {
        const data = Buffer.concat(chunks);
        if (name === 'file' && data.length > 0) file = { name: info.filename ?? 'upload', contentType: info.mimeType, data };
      });
    });
    parser.on('filesLimit', () => {
      failed ??= new BadRequestError('Upload one file at a time.');
    });
    parser.on('error', (error: Error) => reject(new BadRequestError(`The form could not be read: ${error.message}`)));
    parser.on('close', () => {
      if (failed !== undefined) reject(failed);
      else resolve({ fields, ...(file !== undefined ? { file } : {}) });
    });
    req.pipe(parser);
  });
}
