import type { Harvester, SourceGraph, SplitContext, SplitResult } from '../../src/core/ports/harvester.js';
import { rdfSourceReader } from '../../src/rdf/reading/rdf-source-reader.js';
import { splitRecords, splitRecordsInSlices, type SplitOptions } from '../../src/rdf/records/split-records.js';
import { leftOutNote, withAttachedParts } from './attached-parts.js';
import { elementOwners, withoutForeignElements } from './element-ownership.js';
import { MODELLDCAT_AP_NO_VOCABULARY } from './record-vocabulary.js';

/** Default cap on the triples one record copies from the nodes it links to (a model's elements and properties). */
export const DEFAULT_MAX_MODEL_QUADS = 200_000;

export const MODELLDCAT_AP_NO_ACCEPT =
  'text/turtle, application/rdf+xml;q=0.9, application/ld+json;q=0.8, application/n-triples;q=0.7, application/trig;q=0.6, application/n-quads;q=0.6, */*;q=0.1';

export const MODELLDCAT_AP_NO_PROFILES = ['modelldcat-ap-no'] as const;

/**
 * Cuts a ModellDCAT-AP-NO payload into records: every model catalog and every
 * modelldcatno:InformationModel, the model with its elements and properties (and what they lead to:
 * code elements, notes, multiplicities). An element another model owns stays a link (see README.md).
 */
export function splitModelldcatApNo(graph: SourceGraph, context: Omit<SplitContext, 'documents'>, options: SplitOptions): SplitResult {
  return withModelParts(graph, splitRecords(graph, context, MODELLDCAT_AP_NO_VOCABULARY, options));
}

/** `splitModelldcatApNo` giving the event loop a turn between slices of the shared split (what the harvest pipeline runs). */
export async function splitModelldcatApNoInSlices(graph: SourceGraph, context: Omit<SplitContext, 'documents'>, options: SplitOptions): Promise<SplitResult> {
  return withModelParts(graph, await splitRecordsInSlices(graph, context, MODELLDCAT_AP_NO_VOCABULARY, options));
}

/** Elements another model owns become links; attached parts join their model; the left-out note is recomputed. */
function withModelParts(graph: SourceGraph, result: SplitResult): SplitResult {
  const models = result.records.filter((r) => r.kind === 'information-model').map((r) => r.iri);
  const owners = elementOwners(graph, models);
  const own = result.records.map((r) => (r.kind === 'information-model' ? withoutForeignElements(r, owners) : r));
  const records = withAttachedParts(graph, own);
  // The shared splitter's note on left-out nodes is recomputed: attached parts are no longer left out.
  const note = leftOutNote(graph, records, MODELLDCAT_AP_NO_VOCABULARY.recordsInWords);
  const problems = result.problems.filter((p) => !(p.kind === 'note' && p.message.startsWith('Left out ') && p.message.includes('node(s) described in the payload')));
  return { records, problems: note === null ? problems : [...problems, note] };
}

/** A ModellDCAT-AP-NO harvester with its own limits. */
export function createModelldcatApNoHarvester(options: Partial<SplitOptions> = {}): Harvester<SourceGraph> {
  const resolved: SplitOptions = { maxRecordQuads: options.maxRecordQuads ?? DEFAULT_MAX_MODEL_QUADS };
  if (!Number.isInteger(resolved.maxRecordQuads) || resolved.maxRecordQuads < 1) {
    throw new RangeError(`maxRecordQuads must be a whole number of at least 1, not ${String(options.maxRecordQuads)}.`);
  }
  return {
    kind: 'modelldcat-ap-no',
    accept: MODELLDCAT_AP_NO_ACCEPT,
    reader: rdfSourceReader,
    profiles: { catalog: MODELLDCAT_AP_NO_PROFILES, 'information-model': MODELLDCAT_AP_NO_PROFILES },
    split(graph: SourceGraph, context: SplitContext): Promise<SplitResult> {
      return splitModelldcatApNoInSlices(graph, context, resolved);
    },
  };
}
