import type { Response } from 'express';
import { BadRequestError, UnsupportedMediaTypeError } from '../core/errors.js';
import type { DocumentValidation, DocumentValidator } from '../core/ports/validator.js';
import { chooseSyntax } from '../rdf/syntax.js';

/** Where a document sent for validation came from: its Content-Type and its file name or URL, when known. */
export interface DocumentHints {
  readonly contentType?: string;
  readonly url?: string;
}

/**
 * Validates a document someone sent (the validate API and the validator page): the syntax is told from
 * the hints or a look at the content (415 when it cannot be), then the bounded document validator
 * parses and validates it in its own worker threads (triple cap, time limit, heap cap, concurrency),
 * stopped when `signal` aborts. A syntax error names the syntax it was read as and the line.
 */
export async function validateSentDocument(
  validator: DocumentValidator,
  request: { readonly body: Buffer; readonly hints: DocumentHints; readonly profile: string; readonly signal?: AbortSignal },
): Promise<DocumentValidation> {
  const { body, hints } = request;
  const choice = chooseSyntax({ ...hints, head: body.subarray(0, 2048).toString('utf8') });
  if (!choice.ok) throw new UnsupportedMediaTypeError(`The body could not be read as RDF: ${choice.reason}.`);
  try {
    return await validator.validateDocument({ body, syntax: choice.syntax, profile: request.profile, ...(request.signal !== undefined ? { signal: request.signal } : {}) });
  } catch (error) {
    if (error instanceof BadRequestError && !request.signal?.aborted) {
      throw new BadRequestError(error.message.replace(/^The document /, `The document (${choice.description}) `), error.extra, { cause: error });
    }
    throw error;
  }
}

/** An AbortSignal that aborts when the response closes before it was sent (the client went away), and its release. */
export function abortWhenClientLeaves(res: Response): { readonly signal: AbortSignal; release(): void } {
  const abort = new AbortController();
  const onClose = (): void => {
    if (!res.writableFinished) abort.abort(new Error('The client closed the connection.'));
  };
  res.on('close', onClose);
  return { signal: abort.signal, release: () => res.off('close', onClose) };
}
