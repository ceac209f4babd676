import { BadRequestError } from '../../core/errors.js';
import { RDF_ACCEPT } from '../../rdf/syntax.js';
import { FetchError, fetchDocument, type FetchPolicy } from './fetcher.js';

/**
 * Fetching a document someone asks the validator to check, by URL: the harvester's fetcher with its
 * guard (no private or loopback addresses unless allowed, caps on size and time, redirects checked),
 * at most `maxBytes`. A document that cannot be fetched is a BadRequestError saying why.
 */
export function fetchForValidation(policy: FetchPolicy, maxBytes: number): (url: string) => Promise<{ body: Buffer; contentType?: string }> {
  const capped: FetchPolicy = { ...policy, maxBytes: Math.min(policy.maxBytes, maxBytes) };
  return async (url) => {
    try {
      const outcome = await fetchDocument({ url, accept: RDF_ACCEPT }, capped);
      if (outcome.kind !== 'ok') throw new BadRequestError(`${url} answered 304 Not Modified to an unconditional request.`);
      return { body: outcome.body, ...(outcome.contentType !== undefined ? { contentType: outcome.contentType } : {}) };
    } catch (error) {
      if (error instanceof FetchError) throw new BadRequestError(`${url} could not be fetched: ${error.message}`);
      throw error;
    }
  };
}
