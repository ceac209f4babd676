import type { SourceGraph, SplitContext, SplitResult } from '../../src/core/ports/harvester.js';
import { splitRecords, splitRecordsInSlices, type SplitOptions } from '../../src/rdf/records/split-records.js';
import { DCAT_AP_NO_VOCABULARY } from './record-vocabulary.js';

export type { SplitOptions } from '../../src/rdf/records/split-records.js';

/**
 * Cuts a DCAT-AP-NO payload into records: catalogs, datasets, dataset series and data services (see
 * README.md for every rule), with the shared machinery of src/rdf/records.
 */
export function splitDcatApNo(graph: SourceGraph, context: Omit<SplitContext, 'documents'>, options: SplitOptions): SplitResult {
  return splitRecords(graph, context, DCAT_AP_NO_VOCABULARY, options);
}

/** `splitDcatApNo` giving the event loop a turn between slices of work (what the harvest pipeline runs). */
export function splitDcatApNoInSlices(graph: SourceGraph, context: Omit<SplitContext, 'documents'>, options: SplitOptions): Promise<SplitResult> {
  return splitRecordsInSlices(graph, context, DCAT_AP_NO_VOCABULARY, options);
}
