import { setImmediate as nextTurn } from 'node:timers/promises';
import type { StoredRecord } from '../core/catalog-record.js';
import type { GraphReplacement, SparqlIndex } from '../core/ports/sparql-index.js';
import { catalogRecordNTriples, recordUri } from '../rdf/catalog-record.js';
import { urlStatusesOf, type UrlCheckLookup } from '../rdf/distribution-urls.js';
import { qualityMeasurementNTriples, type UrlStatuses } from '../rdf/quality-assessment.js';
import { recordScores } from '../rdf/record-quality.js';
import type { ProjectedRecord, Projection } from './projection.js';

/**
 * The named graph of a published record: its resource graph plus its dcat:CatalogRecord and, for a
 * dataset, its MQA score as compact DQV (one measurement `{record URI}#quality` with the total and the
 * missed metrics, computed from the stored graph and validation report, so a rebuild gives the same triples).
 */
export function recordGraph(record: StoredRecord, baseUrl: string, urlStatuses?: UrlStatuses): GraphReplacement {
  const graph = recordUri(baseUrl, record.kind, record.id);
  if (record.status !== 'published') return { graph, ntriples: null };
  // The scores alone: the fixes (what the JSON view lists) cost about twice the scoring.
  const scores = recordScores(record, urlStatuses);
  const measurements = scores === undefined ? '' : qualityMeasurementNTriples(scores, `${graph}#quality`);
  return { graph, ntriples: record.graph + catalogRecordNTriples(record, baseUrl, record.validation) + measurements };
}

/** Records scored and written as graphs between two turns of the event loop (about 0.1 ms each). */
const GRAPHS_PER_TURN = 200;

/** Turns pages of published records into batches of graph replacements (for rebuilds). */
export async function* recordGraphBatches(pages: AsyncIterable<readonly StoredRecord[]>, baseUrl: string, urlChecks?: UrlCheckLookup): AsyncIterable<readonly GraphReplacement[]> {
  for await (const page of pages) {
    const statuses = await urlStatusesOf(page, urlChecks);
    const graphs: GraphReplacement[] = [];
    for (const record of page) {
      graphs.push(recordGraph(record, baseUrl, statuses));
      if (graphs.length % GRAPHS_PER_TURN === 0) await nextTurn();
    }
    yield graphs;
  }
}

/**
 * Keeps the SPARQL index in step with the store: the embedded one is volatile (rebuilt at every start),
 * a SPARQL server keeps its graphs and the projection its cursor.
 */
export class SparqlProjection implements Projection {
  readonly name = 'sparql';
  readonly persistent: boolean;
  /** A SPARQL server (persistent) holds one graph for every node. */
  readonly shared: boolean;
  /** A SPARQL server's writes are its own process's work: it follows the change log beside search, at its own pace (Projection.alongside). */
  readonly alongside: boolean;
  /** The batch under way in the embedded index (apply() returned before it was held). */
  #inFlight: Promise<void> = Promise.resolve();

  /** `urlChecks`: where the accessibility metrics find the URL checker's results (without it they are not measured). */
  constructor(
    private readonly index: SparqlIndex,
    private readonly baseUrl: string,
    private readonly urlChecks?: UrlCheckLookup,
  ) {
    this.persistent = index.persistent === true;
    this.shared = this.persistent;
    this.alongside = this.persistent;
  }

  async claim(fence: string, signal?: AbortSignal): Promise<void> {
    await this.index.claimWrites?.(fence, signal !== undefined ? { signal } : {});
  }

  async apply(changes: readonly ProjectedRecord[], signal?: AbortSignal, fence?: string): Promise<void> {
    const records = changes.flatMap((c) => (c.record !== undefined ? [c.record] : []));
    if (records.length === 0) return;
    const statuses = await urlStatusesOf(records, this.urlChecks);
    const graphs: GraphReplacement[] = [];
    for (const record of records) {
      graphs.push(recordGraph(record, this.baseUrl, statuses));
      if (graphs.length % GRAPHS_PER_TURN === 0) await nextTurn();
    }
    const applied = this.index.apply(graphs, { ...(signal !== undefined ? { signal } : {}), ...(fence !== undefined ? { fence } : {}) });
    if (this.persistent) {
      // A server's projection moves a cursor kept in the store: only after the server holds the batch.
      await applied;
      return;
    }
    // The embedded index loads the batch in its replicas' threads while the lane goes on to relations and search
    // (the main thread sat idle for 39 % of the catch-up after a 100 000-dataset harvest while it waited); the batch
    // before must be in first, so at most one is under way, and settled() waits for the last.
    const before = this.#inFlight;
    this.#inFlight = applied;
    applied.catch(() => {}); // its failure is thrown by the next apply() or settled(), whichever awaits it
    await before;
  }

  async settled(): Promise<void> {
    const last = this.#inFlight;
    this.#inFlight = Promise.resolve();
    await last;
  }

  async rebuild(published: AsyncIterable<readonly StoredRecord[]>): Promise<void> {
    await this.index.rebuild(recordGraphBatches(published, this.baseUrl, this.urlChecks));
  }
}
