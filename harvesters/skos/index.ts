import type { Harvester, SourceGraph, SplitContext, SplitResult } from '../../src/core/ports/harvester.js';
import { rdfSourceReader } from '../../src/rdf/reading/rdf-source-reader.js';
import { splitRecords, splitRecordsInSlices, type SplitOptions } from '../../src/rdf/records/split-records.js';
import { notationProblems } from './notation-check.js';
import { SKOS_VOCABULARY } from './record-vocabulary.js';

export { SKOS_RECORD_CLASSES } from './record-vocabulary.js';

export const DEFAULT_MAX_RECORD_QUADS = 50_000;

/** The EU Publications Office serves its tables as RDF/XML; Turtle first when offered. */
export const SKOS_ACCEPT = 'text/turtle, application/rdf+xml;q=0.9, application/ld+json;q=0.8, application/n-triples;q=0.7, */*;q=0.1';

/** Reference data is checked against the small SKOS integrity profile. */
export const SKOS_PROFILES = ['skos'] as const;

/** Cuts a SKOS concept scheme into concept and scheme/collection records, with the notation check (README.md). */
export function splitSkos(graph: SourceGraph, context: Omit<SplitContext, 'documents'>, options: SplitOptions): SplitResult {
  return withNotationProblems(splitRecords(graph, context, SKOS_VOCABULARY, options));
}

/** `splitSkos` giving the event loop a turn between slices of work (what the harvest pipeline runs). */
export async function splitSkosInSlices(graph: SourceGraph, context: Omit<SplitContext, 'documents'>, options: SplitOptions): Promise<SplitResult> {
  return withNotationProblems(await splitRecordsInSlices(graph, context, SKOS_VOCABULARY, options));
}

function withNotationProblems(result: SplitResult): SplitResult {
  return { records: result.records, problems: [...notationProblems(result), ...result.problems] };
}

/** The `skos` harvester: any SKOS concept scheme as reference data. */
export function createSkosHarvester(options: Partial<SplitOptions> = {}): Harvester<SourceGraph> {
  const resolved: SplitOptions = { maxRecordQuads: options.maxRecordQuads ?? DEFAULT_MAX_RECORD_QUADS };
  if (!Number.isInteger(resolved.maxRecordQuads) || resolved.maxRecordQuads < 1) {
    throw new RangeError(`maxRecordQuads must be a whole number of at least 1, not ${String(options.maxRecordQuads)}.`);
  }
  return {
    kind: 'skos',
    accept: SKOS_ACCEPT,
    reader: rdfSourceReader,
    profiles: { concept: SKOS_PROFILES, collection: SKOS_PROFILES },
    split(graph: SourceGraph, context: SplitContext): Promise<SplitResult> {
      return splitSkosInSlices(graph, context, resolved);
    },
  };
}
