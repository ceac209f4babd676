import type { Problem } from '../core/problem.js';

/**
 * The longest IRI a record may have, in UTF-8 bytes. A record's IRI is its identity: the store looks
 * records up by it through an index, and PostgreSQL's B-tree indexes hold at most about 2 700 bytes an
 * entry (a longer IRI failed the whole batch it was written in). 2 048 is also the longest URL every
 * browser and HTTP server along the way accepts, which a record's URI must be to be dereferenced.
 * The same in either store, so a source harvests alike in the embedded and the server mode.
 */
export const MAX_RECORD_IRI_BYTES = 2048;

/** The problem of a record whose IRI is too long to be a record's (it is left out), or undefined. */
export function oversizedIriProblem(iri: string): Problem | undefined {
  const bytes = Buffer.byteLength(iri, 'utf8');
  if (bytes <= MAX_RECORD_IRI_BYTES) return undefined;
  return {
    kind: 'skipped',
    resource: iri,
    message: `Left out <${iri.slice(0, 120)}…>: its IRI is ${bytes} bytes long, and a record's IRI may be at most ${MAX_RECORD_IRI_BYTES} (the longest URL that can be relied on to dereference). Give the resource a shorter IRI.`,
  };
}
