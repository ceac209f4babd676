import { setImmediate as nextTurn } from 'node:timers/promises';
import type { StoredRecord } from '../core/catalog-record.js';
import type { OrganisationRegister } from '../core/ports/organisation-register.js';
import type { RelationsIndex } from '../core/ports/relations-index.js';
import type { SearchIndex, SearchRecordInput } from '../core/ports/search-index.js';
import type { Store } from '../core/ports/store.js';
import { isReferenceDataSourceKind } from '../core/reference-data.js';
import { recordUrls, urlStatusesOf } from '../rdf/distribution-urls.js';
import type { UrlStatuses } from '../rdf/quality-assessment.js';
import type { UrlCheck } from '../core/url-check.js';
import type { ProjectedRecord, Projection } from './projection.js';

interface SourceFacts {
  readonly publisher: string;
  readonly referenceData: boolean;
  /** The publisher's organisation path from the organisation register, when it knew it. */
  readonly orgPath?: string;
}

const UPSERT_BATCH = 1000;
/** Records prepared for the index between two turns of the event loop. */
const INPUTS_PER_TURN = 200;

/** The statuses of a record's own URLs (so its document's fingerprint changes only with them); undefined when none is known. */
function ownStatuses(record: StoredRecord, statuses: UrlStatuses): UrlStatuses | undefined {
  const own = new Map<string, Pick<UrlCheck, 'status' | 'mediaType'>>();
  for (const { url } of recordUrls(record)) {
    const status = statuses.get(url);
    if (status !== undefined) own.set(url, status);
  }
  return own.size === 0 ? undefined : own;
}
/** Records re-read per pass when other records' changes altered their relations. */
const NEIGHBOUR_BATCH = 1000;

/**
 * Keeps the search index (persistent: SQLite FTS5 or Meilisearch) in step with the store. Each
 * published record goes in with its catalog's record, its source's publisher and, with a relations
 * index, its relation summary (the hit's relation counts, the `hasApi` facet); every other status
 * takes the record out. With a relations index it must run after the relations projection (the
 * projector applies projections in order): after its own changes it re-reads the records whose
 * relations those changes altered (the index's pending neighbours: the datasets a changed data
 * service serves, the concepts a changed dataset names) and settles them.
 */
export class SearchProjection implements Projection {
  readonly name = 'search';
  readonly persistent = true;
  readonly #sources = new Map<string, SourceFacts>();

  readonly cursor: string;
  /** The default cursor: one index for every node on the store (PostgreSQL, Meilisearch); a node's own index has a cursor of its own. */
  readonly shared: boolean;

  /** `cursor`: the store cursor's name, when the index is this node's own beside a shared store. */
  constructor(
    private readonly index: SearchIndex,
    private readonly store: Store,
    private readonly relations?: RelationsIndex,
    cursor = 'search',
    /** Gives each source's publisher its organisation path (the register's parent chain); without it, the bundled snapshot's. */
    private readonly organisations?: OrganisationRegister,
  ) {
    this.cursor = cursor;
    this.shared = cursor === 'search';
  }

  async apply(changes: readonly ProjectedRecord[]): Promise<void> {
    const gone: string[] = [];
    const published: StoredRecord[] = [];
    for (const c of changes) {
      if (c.record?.status === 'published') published.push(c.record);
      else gone.push(c.id);
    }
    if (gone.length > 0) await this.index.remove(gone);
    if (published.length > 0) await this.index.upsert(await this.#inputs(published));
    await this.#settleNeighbours();
  }

  /** Re-reads the records whose relations other records' changes altered, then settles them (after the upsert: a crash re-reads them). */
  async #settleNeighbours(): Promise<void> {
    if (this.relations === undefined) return;
    for (;;) {
      const ids = await this.relations.pendingNeighbours(NEIGHBOUR_BATCH);
      if (ids.length === 0) return;
      const records: StoredRecord[] = [];
      for (const id of ids) {
        const record = await this.store.getRecord(id);
        if (record?.status === 'published') records.push(record);
      }
      if (records.length > 0) await this.index.upsert(await this.#inputs(records));
      await this.relations.settleNeighbours(ids);
      if (ids.length < NEIGHBOUR_BATCH) return;
    }
  }

  async rebuild(published: AsyncIterable<readonly StoredRecord[]>): Promise<void> {
    this.#sources.clear();
    // Every record is read afresh with its summary: what was pending is taken in by the rebuild.
    if (this.relations !== undefined) {
      for (let ids = await this.relations.pendingNeighbours(NEIGHBOUR_BATCH); ids.length > 0; ids = await this.relations.pendingNeighbours(NEIGHBOUR_BATCH)) await this.relations.settleNeighbours(ids);
    }
    await this.index.clear();
    let batch: StoredRecord[] = [];
    for await (const page of published) {
      batch.push(...page);
      if (batch.length >= UPSERT_BATCH) {
        await this.index.upsert(await this.#inputs(batch));
        batch = [];
      }
    }
    if (batch.length > 0) await this.index.upsert(await this.#inputs(batch));
  }

  async #inputs(records: readonly StoredRecord[]): Promise<SearchRecordInput[]> {
    const catalogs = new Map<string, StoredRecord | undefined>();
    const summaries = this.relations === undefined ? undefined : await this.relations.summaries(records.map((r) => r.id));
    // The URL checker's results for the datasets' access and download URLs (their quality scores' accessibility metrics).
    const statuses = await urlStatusesOf(records, this.store);
    const out: SearchRecordInput[] = [];
    for (const record of records) {
      let catalog: StoredRecord | undefined;
      if (record.catalogId !== null && record.catalogId !== record.id) {
        if (!catalogs.has(record.catalogId)) catalogs.set(record.catalogId, await this.store.getRecord(record.catalogId));
        catalog = catalogs.get(record.catalogId);
      }
      const relations = summaries?.get(record.id);
      const urlStatuses = statuses === undefined ? undefined : ownStatuses(record, statuses);
      const source = await this.#sourceOf(record.sourceId);
      out.push({
        record,
        ...(catalog !== undefined ? { catalog } : {}),
        sourcePublisher: source.publisher,
        referenceData: source.referenceData,
        ...(relations !== undefined ? { relations } : {}),
        ...(urlStatuses !== undefined ? { urlStatuses } : {}),
        ...(source.orgPath !== undefined ? { organisationPaths: { [source.publisher]: source.orgPath } } : {}),
      });
      if (out.length % INPUTS_PER_TURN === 0) await nextTurn();
    }
    return out;
  }

  /** The publisher's organisation path from the register; undefined when it cannot say (the snapshot's path is used then). */
  async #orgPathOf(organisationNumber: string): Promise<string | undefined> {
    if (this.organisations === undefined) return undefined;
    try {
      return (await this.organisations.resolve(organisationNumber)).orgPath;
    } catch {
      // Unknown, invalid or unreachable: indexing goes on with the bundled snapshot's path (or /ANNET/…).
      return undefined;
    }
  }

    /** The source's publisher, and whether it is a reference-data source (its records are reference data). */
  async #sourceOf(sourceId: string): Promise<SourceFacts> {
    let facts = this.#sources.get(sourceId);
    if (facts === undefined) {
      const source = await this.store.getSource(sourceId);
      const publisher = source?.publisher ?? '';
      const orgPath = publisher === '' ? undefined : await this.#orgPathOf(publisher);
      facts = { publisher, referenceData: source !== undefined && isReferenceDataSourceKind(source.kind), ...(orgPath !== undefined ? { orgPath } : {}) };
      this.#sources.set(sourceId, facts);
    }
    return facts;
  }
}
