import type { HarvestedRecord, SplitResult } from '../../src/core/ports/harvester.js';
import type { Problem } from '../../src/core/problem.js';
import { describeConcept } from '../../src/rdf/concept-description.js';

/**
 * Leaves out the concepts that have no preferred term in any language (neither `skos:prefLabel` nor
 * `skosxl:prefLabel`): a concept nobody can name cannot be found, shown or linked to by its term.
 * Each is reported as `skipped` with the reason; links to it from other records stay (as links).
 */
export function withoutNamelessConcepts(result: SplitResult): SplitResult {
  const problems: Problem[] = [];
  const records: HarvestedRecord[] = [];
  for (const record of result.records) {
    if (record.kind === 'concept' && !describeConcept(record.quads, record.iri).labels.some((l) => l.role === 'prefLabel')) {
      problems.push({
        kind: 'skipped',
        resource: record.iri,
        message: `Left out the concept <${record.iri}>: it has no preferred term (skos:prefLabel or skosxl:prefLabel) in any language, so it cannot be named or found. Give it a preferred term in Bokmål and Nynorsk.`,
      });
      continue;
    }
    records.push(record);
  }
  return { records, problems: [...problems, ...result.problems] };
}
