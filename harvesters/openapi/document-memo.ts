import { DocumentReadError, type DocumentFetcher, type DocumentMemo } from '../../src/core/ports/harvester.js';
import type { ReferenceReader } from './parse-openapi.js';
import { apiChanges, describeChanges, isUnchanged, type ApiSignature } from './version-diff.js';

/** Memo keys kept with an OpenAPI document: the API's signature and the last change note. */
export const SIGNATURE = 'openapi-signature';
export const CHANGES = 'openapi-changes';

/** Reads a document's `$ref`s through the pipeline's fetcher (guard, caps, the source's document budget), never conditionally. */
export function referenceReaderOf(documents: DocumentFetcher): ReferenceReader {
  return async (url) => {
    try {
      const fetched = await documents.fetch({ url, conditional: false });
      if (fetched.kind !== 'document') throw new Error(`${url} answered 304 Not Modified to an unconditional request`);
      return { body: fetched.body, ...(fetched.contentType !== undefined ? { contentType: fetched.contentType } : {}) };
    } catch (error) {
      throw new Error(error instanceof DocumentReadError ? error.message : (error as Error).message);
    }
  };
}

/**
 * The note on what changed since the version remembered last time; the last note again when the
 * document's signature is as remembered (so an unchanged document gives an unchanged record); none
 * for a first harvest.
 */
export function changeNote(memo: DocumentMemo | undefined, now: ApiSignature): string | undefined {
  const remembered = memo?.[SIGNATURE];
  if (remembered === undefined) return undefined;
  let before: ApiSignature;
  try {
    before = JSON.parse(remembered) as ApiSignature;
  } catch {
    return undefined;
  }
  const changes = apiChanges(before, now);
  return isUnchanged(changes) ? memo?.[CHANGES] : describeChanges(changes);
}
