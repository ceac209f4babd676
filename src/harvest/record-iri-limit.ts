import type { Problem } from '../core/problem.js';
import { excessUrlBytes, MAX_URL_BYTES } from '../core/url-length.js';

/**
 * The problem of a record whose IRI is too long to be a record's (it is left out), or undefined. A record's
 * IRI is its identity and its URI: the store looks records up by it through an index, and it must
 * dereference (src/core/url-length.ts).
 */
export function oversizedIriProblem(iri: string): Problem | undefined {
  const bytes = excessUrlBytes(iri);
  if (bytes === undefined) return undefined;
  return {
    kind: 'skipped',
    resource: iri,
    message: `Left out <${iri.slice(0, 120)}…>: its IRI is ${bytes} bytes long, and a record's IRI may be at most ${MAX_URL_BYTES} (the longest URL that can be relied on to dereference). Give the resource a shorter IRI.`,
  };
}
