import type { StoredRecord } from '../core/catalog-record.js';
import type { SearchIndex, SearchRecordInput } from '../core/ports/search-index.js';
import type { Store } from '../core/ports/store.js';
import type { ProjectedRecord, Projection } from './projection.js';

const UPSERT_BATCH = 1000;

/**
 * Keeps the search index (persistent: SQLite FTS5 or Meilisearch) in step with the store. Each
 * published record goes in with its catalog's record and its source's publisher; every other status
 * takes the record out.
 */
export class SearchProjection implements Projection {
  readonly name = 'search';
  readonly persistent = true;
  readonly #publishers = new Map<string, string>();

  constructor(
    private readonly index: SearchIndex,
    private readonly store: Store,
  ) {}

  async apply(changes: readonly ProjectedRecord[]): Promise<void> {
    const gone: string[] = [];
    const published: StoredRecord[] = [];
    for (const c of changes) {
      if (c.record?.status === 'published') published.push(c.record);
      else gone.push(c.id);
    }
    if (gone.length > 0) await this.index.remove(gone);
    if (published.length > 0) await this.index.upsert(await this.#inputs(published));
  }

  async rebuild(published: AsyncIterable<readonly StoredRecord[]>): Promise<void> {
    this.#publishers.clear();
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
    const out: SearchRecordInput[] = [];
    for (const record of records) {
      let catalog: StoredRecord | undefined;
      if (record.catalogId !== null && record.catalogId !== record.id) {
        if (!catalogs.has(record.catalogId)) catalogs.set(record.catalogId, await this.store.getRecord(record.catalogId));
        catalog = catalogs.get(record.catalogId);
      }
      out.push({ record, ...(catalog !== undefined ? { catalog } : {}), sourcePublisher: await this.#publisherOf(record.sourceId) });
    }
    return out;
  }

  async #publisherOf(sourceId: string): Promise<string> {
    let publisher = this.#publishers.get(sourceId);
    if (publisher === undefined) {
      publisher = (await this.store.getSource(sourceId))?.publisher ?? '';
      this.#publishers.set(sourceId, publisher);
    }
    return publisher;
  }
}
