import type { Quad } from '@rdfjs/types';
import type { ValidationReport } from '../core/validation-report.js';
import { parseRecordNTriples } from '../rdf/canonical-ntriples-reader.js';
import { disjointGroups, recordTerms } from './disjoint-groups.js';
import type { EngineRegistry } from './engine-registry.js';
import { IndexedDataset } from './indexed-dataset.js';

/** How many records are validated together as one data graph, at most. */
export const GROUP_SIZE = 32;

function parseRecord(ntriples: string): Quad[] {
  try {
    return parseRecordNTriples(ntriples);
  } catch (cause) {
    throw new Error(`The record graph is not valid N-Triples: ${(cause as Error).message}`, { cause });
  }
}

/** Parses a record's N-Triples and validates it with the profile's engine. */
export async function validateRecordNTriples(registry: EngineRegistry, ntriples: string, profile: string): Promise<ValidationReport> {
  const engine = registry.engine(profile);
  return engine.validateDataset(new IndexedDataset(parseRecord(ntriples)));
}

export type RecordOutcome = { readonly report: ValidationReport } | { readonly error: string };

/**
 * Validates several records against one profile, each getting exactly the report it gets alone
 * (`validateRecordNTriples`), but in groups validated together where their graphs allow it
 * (disjoint-groups.ts), which costs far less than one validation each. A record that cannot be
 * parsed gets its error and the others go on; a group whose validation fails is validated again
 * record by record, so one bad record never costs the others their reports.
 */
export async function validateRecordBatch(registry: EngineRegistry, records: readonly string[], profile: string): Promise<RecordOutcome[]> {
  const engine = registry.engine(profile);
  const outcomes: RecordOutcome[] = new Array<RecordOutcome>(records.length);
  const parsed: { index: number; quads: Quad[] }[] = [];
  records.forEach((ntriples, index) => {
    try {
      parsed.push({ index, quads: parseRecord(ntriples) });
    } catch (error) {
      outcomes[index] = { error: (error as Error).message };
    }
  });
  const items = parsed.map((p) => ({ ...p, terms: recordTerms(p.quads, engine.targetObjectsOf) }));
  const groups = engine.groupable ? disjointGroups(items.map((i) => i.terms), GROUP_SIZE) : items.map((_, i) => [i]);
  for (const group of groups) {
    const members = group.map((i) => items[i]!);
    try {
      const reports = await engine.validateGroup(members);
      members.forEach((m, i) => (outcomes[m.index] = { report: reports[i]! }));
    } catch (error) {
      for (const m of members) {
        try {
          outcomes[m.index] = { report: await engine.validateDataset(new IndexedDataset(m.quads)) };
        } catch (alone) {
          outcomes[m.index] = { error: `${(alone as Error).message} (validated alone after its group failed: ${(error as Error).message})` };
        }
      }
    }
  }
  return outcomes;
}
