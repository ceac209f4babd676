import type { Quad, Term } from '@rdfjs/types';
import { canonize } from 'rdf-canonize';
import { expect } from 'vitest';

/**
 * An isomorphism oracle independent of the project's own (src/rdf/isomorphism.ts): two datasets are
 * isomorphic exactly when their canonical forms under W3C RDF Dataset Canonicalization (RDFC-1.0, the
 * rdf-canonize implementation) are equal. Tests of our parsers, serialisers and graph transformations
 * check with this, so a fault in our isomorphism cannot hide a fault in what they test.
 */

/** A quad set has no duplicates: canonicalisation hashes every occurrence, so they are dropped first. */
function termKey(t: Term): string {
  return t.termType === 'Literal' ? JSON.stringify([t.termType, t.value, t.language, t.datatype.value]) : JSON.stringify([t.termType, t.value]);
}

/** The canonical N-Quads lines of a set of quads, sorted. */
export async function canonicalLines(quads: Iterable<Quad>): Promise<string[]> {
  const unique = new Map<string, Quad>();
  for (const q of quads) unique.set([q.subject, q.predicate, q.object, q.graph].map(termKey).join(' '), q);
  // Test graphs are small; a few symmetric blank-node structures need more than the default O(n) deep iterations.
  const canonical = await canonize([...unique.values()], { algorithm: 'RDFC-1.0', maxWorkFactor: 3 });
  return canonical.split('\n').filter((line) => line !== '');
}

/**
 * Expects two quad sets to be isomorphic; on failure the canonical N-Quads of both show as a line diff.
 * Two empty graphs are isomorphic but prove nothing, so they fail unless `mayBeEmpty` says they may be.
 */
export async function expectIsomorphic(actual: Iterable<Quad>, expected: Iterable<Quad>, options: { message?: string; mayBeEmpty?: boolean } = {}): Promise<void> {
  const [a, e] = await Promise.all([canonicalLines(actual), canonicalLines(expected)]);
  if (options.mayBeEmpty !== true) expect(e.length, options.message).toBeGreaterThan(0);
  expect(a, options.message).toEqual(e);
}
