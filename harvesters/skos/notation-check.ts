import type { SplitResult } from '../../src/core/ports/harvester.js';
import type { Problem } from '../../src/core/problem.js';
import { describeConcept } from '../../src/rdf/concept-description.js';

/**
 * The SKOS integrity rule the per-record profile cannot check: a notation is unique in its scheme.
 * Every concept that shares a notation with another concept of the same scheme is reported
 * (`invalid`, naming the scheme, the notation and the other concepts); the records are kept, since
 * which of them is wrong is for the publisher to say.
 */
export function notationProblems(result: SplitResult): Problem[] {
  const holders = new Map<string, string[]>();
  for (const record of result.records) {
    if (record.kind !== 'concept') continue;
    const d = describeConcept(record.quads, record.iri);
    for (const scheme of d.inSchemes) for (const notation of d.notations) {
      const key = `${scheme}\u0000${notation}`;
      const list = holders.get(key) ?? [];
      list.push(record.iri);
      holders.set(key, list);
    }
  }
  const problems: Problem[] = [];
  for (const [key, iris] of holders) {
    if (iris.length < 2) continue;
    const [scheme, notation] = key.split('\u0000') as [string, string];
    for (const iri of iris) {
      const others = iris.filter((i) => i !== iri).map((i) => `<${i}>`).join(', ');
      problems.push({ kind: 'invalid', resource: iri, message: `The notation "${notation}" of <${iri}> is also the notation of ${others} in the scheme <${scheme}>; a notation must be unique in its scheme.` });
    }
  }
  return problems;
}
