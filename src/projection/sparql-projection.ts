import type { StoredRecord } from '../core/catalog-record.js';
import type { GraphReplacement, SparqlIndex } from '../core/ports/sparql-index.js';
import { catalogRecordNTriples, recordUri } from '../rdf/catalog-record.js';
import { qualityMeasurementNTriples } from '../rdf/quality-assessment.js';
import { recordQuality } from '../rdf/record-quality.js';
import type { ProjectedRecord, Projection } from './projection.js';

/**
 * The named graph of a published record: its resource graph plus its dcat:CatalogRecord and, for a
 * dataset, its MQA score as compact DQV (one measurement `{record URI}#quality` with the total and the
 * missed metrics, computed from the stored graph and validation report, so a rebuild gives the same triples).
 */
export function recordGraph(record: StoredRecord, baseUrl: string): GraphReplacement {
  const graph = recordUri(baseUrl, record.kind, record.id);
  if (record.status !== 'published') return { graph, ntriples: null };
  const quality = recordQuality(record);
  const measurements = quality === undefined ? '' : qualityMeasurementNTriples(quality.scores, `${graph}#quality`);
  return { graph, ntriples: record.graph + catalogRecordNTriples(record, baseUrl, record.validation) + measurements };
}

/** Turns pages of published records into batches of graph replacements (for rebuilds). */
export async function* recordGraphBatches(pages: AsyncIterable<readonly StoredRecord[]>, baseUrl: string): AsyncIterable<readonly GraphReplacement[]> {
  for await (const page of pages) yield page.map((r) => recordGraph(r, baseUrl));
}

/**
 * Keeps the SPARQL index in step with the store: the embedded one is volatile (rebuilt at every start),
 * a SPARQL server keeps its graphs and the projection its cursor.
 */
export class SparqlProjection implements Projection {
  readonly name = 'sparql';
  readonly persistent: boolean;

  constructor(
    private readonly index: SparqlIndex,
    private readonly baseUrl: string,
  ) {
    this.persistent = index.persistent === true;
  }

  async apply(changes: readonly ProjectedRecord[]): Promise<void> {
    const replacements: GraphReplacement[] = [];
    for (const c of changes) if (c.record !== undefined) replacements.push(recordGraph(c.record, this.baseUrl));
    if (replacements.length > 0) await this.index.apply(replacements);
  }

  async rebuild(published: AsyncIterable<readonly StoredRecord[]>): Promise<void> {
    await this.index.rebuild(recordGraphBatches(published, this.baseUrl));
  }
}
