import { Parser } from 'n3';
import type { ValidationReport } from '../core/validation-report.js';
import type { EngineRegistry } from './engine-registry.js';
import { IndexedDataset } from './indexed-dataset.js';

/** Parses a record's N-Triples and validates it with the profile's engine. */
export async function validateRecordNTriples(registry: EngineRegistry, ntriples: string, profile: string): Promise<ValidationReport> {
  const engine = registry.engine(profile);
  let quads;
  try {
    quads = new Parser({ format: 'N-Triples' }).parse(ntriples);
  } catch (cause) {
    throw new Error(`The record graph is not valid N-Triples: ${(cause as Error).message}`, { cause });
  }
  return engine.validateDataset(new IndexedDataset(quads));
}
