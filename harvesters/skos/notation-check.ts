import type { SplitResult } from '../../src/core/ports/harvester.js';
import type { Problem } from '../../src/core/problem.js';
import { describeConcept } from '../../src/rdf/concept-description.js';
import { hashableKey } from '../../src/core/hashable-key.js';

/** Others a problem names by IRI; the rest it counts (a notation shared by 8 000 concepts made 1.6 billion characters of messages). */
const NAMED_OTHERS = 5;

/** Scheme and notation pairs one concept is checked under, at most (one concept in 2 000 schemes with 2 000 notations made 4 million keys). */
const MAX_PAIRS_PER_CONCEPT = 1_000;

/**
 * The SKOS integrity rule the per-record profile cannot check: a notation is unique in its scheme.
 * Every concept that shares a notation with another concept of the same scheme is reported
 * (`invalid`, naming the scheme, the notation and up to five of the other concepts, counting the rest);
 * the records are kept, since which of them is wrong is for the publisher to say.
 */
export function notationProblems(result: SplitResult): Problem[] {
  const holders = new Map<string, { readonly scheme: string; readonly notation: string; readonly iris: string[] }>();
  for (const record of result.records) {
    if (record.kind !== 'concept') continue;
    const d = describeConcept(record.quads, record.iri);
    let pairs = 0;
    for (const scheme of d.inSchemes) {
      for (const notation of d.notations) {
        if (++pairs > MAX_PAIRS_PER_CONCEPT) break;
        const key = hashableKey(`${scheme}\u0000${notation}`);
        const held = holders.get(key);
        if (held === undefined) holders.set(key, { scheme, notation, iris: [record.iri] });
        else held.iris.push(record.iri);
      }
    }
  }
  const problems: Problem[] = [];
  for (const { scheme, notation, iris } of holders.values()) {
    if (iris.length < 2) continue;
    iris.forEach((iri, at) => {
      const named: string[] = [];
      for (let i = 0; i < iris.length && named.length < NAMED_OTHERS; i++) if (i !== at) named.push(`<${iris[i]!}>`);
      const rest = iris.length - 1 - named.length;
      const others = rest > 0 ? `${named.join(', ')} and ${rest} other concept(s)` : named.join(', ');
      problems.push({ kind: 'invalid', resource: iri, message: `The notation "${notation}" of <${iri}> is also the notation of ${others} in the scheme <${scheme}>; a notation must be unique in its scheme.` });
    });
  }
  return problems;
}
