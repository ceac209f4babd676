import type { Harvester, SourceGraph, SplitContext, SplitResult } from '../../src/core/ports/harvester.js';
import { rdfSourceReader } from '../../src/rdf/reading/rdf-source-reader.js';
import { splitRecords, splitRecordsInSlices, type SplitOptions } from '../../src/rdf/records/split-records.js';
import { withoutNamelessConcepts } from './concept-terms-check.js';
import { SKOS_AP_NO_VOCABULARY } from './record-vocabulary.js';

export { SKOS_AP_NO_RECORD_CLASSES } from './record-vocabulary.js';

/** Default cap on the triples one record copies from the nodes it links to (its own triples are not capped). */
export const DEFAULT_MAX_RECORD_QUADS = 50_000;

/** Turtle first (fastest to parse), then RDF/XML, JSON-LD and the line formats. */
export const SKOS_AP_NO_ACCEPT =
  'text/turtle, application/rdf+xml;q=0.9, application/ld+json;q=0.8, application/n-triples;q=0.7, application/trig;q=0.6, application/n-quads;q=0.6, */*;q=0.1';

/** Concepts and collections are checked against SKOS-AP-NO-Begrep 2.0. */
export const SKOS_AP_NO_PROFILES = ['skos-ap-no-2'] as const;

/** Cuts a SKOS-AP-NO-Begrep payload (2.0 or 1.x) into concept and collection records (README.md). */
export function splitSkosApNo(graph: SourceGraph, context: Omit<SplitContext, 'documents'>, options: SplitOptions): SplitResult {
  return withoutNamelessConcepts(splitRecords(graph, context, SKOS_AP_NO_VOCABULARY, options));
}

/** `splitSkosApNo` giving the event loop a turn between slices of work (what the harvest pipeline runs). */
export async function splitSkosApNoInSlices(graph: SourceGraph, context: Omit<SplitContext, 'documents'>, options: SplitOptions): Promise<SplitResult> {
  return withoutNamelessConcepts(await splitRecordsInSlices(graph, context, SKOS_AP_NO_VOCABULARY, options));
}

/** A SKOS-AP-NO-Begrep harvester with its own limits. */
export function createSkosApNoHarvester(options: Partial<SplitOptions> = {}): Harvester<SourceGraph> {
  const resolved: SplitOptions = { maxRecordQuads: options.maxRecordQuads ?? DEFAULT_MAX_RECORD_QUADS };
  if (!Number.isInteger(resolved.maxRecordQuads) || resolved.maxRecordQuads < 1) {
    throw new RangeError(`maxRecordQuads must be a whole number of at least 1, not ${String(options.maxRecordQuads)}.`);
  }
  return {
    kind: 'skos-ap-no',
    accept: SKOS_AP_NO_ACCEPT,
    reader: rdfSourceReader,
    profiles: { concept: SKOS_AP_NO_PROFILES, collection: SKOS_AP_NO_PROFILES },
    split(graph: SourceGraph, context: SplitContext): Promise<SplitResult> {
      return splitSkosApNoInSlices(graph, context, resolved);
    },
  };
}
