import { randomUUID } from 'node:crypto';
import { hostname } from 'node:os';
import { setImmediate as yieldToEventLoop } from 'node:timers/promises';
import { SLICE_BUDGET_MS, SliceClock, TimeSlices } from '../../core/time-slices.js';
import type Database from 'better-sqlite3';
import type { ApiToken } from '../../core/api-token.js';
import type { AuditEntry, NewAuditEntry } from '../../core/audit-entry.js';
import { RECORD_STATUSES, type ArtefactSummary, type RecordChange, type RecordState, type RecordWrite, type StoredArtefact, type StoredRecord } from '../../core/catalog-record.js';
import { ConflictError, NotFoundError } from '../../core/errors.js';
import { emptyCounts, type HarvestRun } from '../../core/harvest-run.js';
import type { HarvestSource, SourceFetchState } from '../../core/harvest-source.js';
import type { LeaseFence, PublishedOrder, Store, ValidationReplacement } from '../../core/ports/store.js';
import { graphDelta, replayVersions, VersionReplay, type RecordVersion, type RecordVersionDelta, type VersionOp } from '../../core/record-version.js';
import { changeSnapshot, replayStart, wholeVersionSql } from '../version-snapshots.js';
import type { ResourceKind } from '../../core/resource-kind.js';
import type { UrlCheck } from '../../core/url-check.js';
import { canonicalLineCount, versionAddedSql } from '../first-version-text.js';
import { fenceRefusal } from '../lease-fence-refusal.js';
import type { CheckpointedFileOptions, WalCheckpointer } from '../../sqlite/wal-checkpointer.js';
import { catalogDbPath, DEFAULT_BUSY_TIMEOUT_MS, openCatalogDatabase } from './open-database.js';
import { isProcessAlive } from './process-liveness.js';
import { RECORD_COLUMNS, recordFromRow, runData, runFromRow, type RunRow, STATE_COLUMNS, stateFromRow } from './row-mapping.js';

export interface SqliteStoreOptions extends CheckpointedFileOptions {
  /** The data directory; the store is `${dataDir}/catalog.db`. */
  readonly dataDir?: string;
  /** The database file itself (instead of dataDir). */
  readonly file?: string;
  readonly busyTimeoutMs?: number;
  /**
   * Records per write transaction at most (default 1000). Transactions are also cut to hold the event
   * loop about SLICE_BUDGET_MS each (TimeSlices), and the loop gets a turn between them.
   */
  readonly writeBatchSize?: number;
}

const DEFAULT_PAGE_SIZE = 500;
/** Where the rid is in a row of the pages read in stored order (after RECORD_COLUMNS' 12 columns). */
const STORED_RID_COLUMN = 12;
const DEFAULT_WRITE_BATCH = 1000;

/**
 * The embedded Store: one SQLite file (better-sqlite3). SQLite is synchronous, so every method does
 * its work at once and returns a settled promise; long operations (writing many records, reading
 * every published record) work in transactions or pages and give the event loop a turn between them.
 */
export class SqliteStore implements Store {
  readonly file: string;
  private readonly db: Database.Database;
  /** Sizes write transactions: at most writeBatchSize records, about SLICE_BUDGET_MS of the event loop each. */
  private readonly writeSlices: TimeSlices;
  private readonly host = hostname();
  private readonly s: ReturnType<typeof prepareStatements>;

  private readonly checkpointer: WalCheckpointer | undefined;

  private constructor(file: string, db: Database.Database, writeBatchSize: number, checkpointer: WalCheckpointer | undefined) {
    this.file = file;
    this.db = db;
    this.checkpointer = checkpointer;
    checkpointer?.watch(db);
    this.writeSlices = new TimeSlices(SLICE_BUDGET_MS, writeBatchSize);
    this.s = prepareStatements(db);
  }

  static open(options: SqliteStoreOptions): SqliteStore {
    const file = options.file ?? (options.dataDir !== undefined ? catalogDbPath(options.dataDir) : undefined);
    if (file === undefined) throw new Error('SqliteStore.open needs a dataDir or a file.');
    const db = openCatalogDatabase(file, options.busyTimeoutMs ?? DEFAULT_BUSY_TIMEOUT_MS);
    const batch = options.writeBatchSize ?? DEFAULT_WRITE_BATCH;
    if (!Number.isInteger(batch) || batch < 1) throw new Error(`writeBatchSize must be a positive whole number, not ${batch}.`);
    return new SqliteStore(file, db, batch, options.checkpointer);
  }

  // --- sources ---

  async saveSource(source: HarvestSource): Promise<void> {
    this.s.saveSource.run(source.id, source.url, source.kind, source.publisher, source.createdAt, JSON.stringify(source));
  }

  async getSource(id: string): Promise<HarvestSource | undefined> {
    const data = this.s.getSource.get(id) as string | undefined;
    return data === undefined ? undefined : (JSON.parse(data) as HarvestSource);
  }

  async listSources(): Promise<HarvestSource[]> {
    return (this.s.listSources.all() as string[]).map((data) => JSON.parse(data) as HarvestSource);
  }

  /**
   * Deletes the source with its fetch state and runs. Its records become tombstones (removed, with
   * change-log entries) in the same transaction: nothing stays published without an owner, and a
   * resource that comes back keeps its id and first-harvest date.
   */
  async deleteSource(id: string): Promise<void> {
    const at = new Date().toISOString();
    this.db
      .transaction(() => {
        const ids = this.s.liveIdsOfSource.all(id) as string[];
        for (const recordId of ids) this.removeOne(recordId, at, null);
        this.s.deleteSource.run(id);
      })
      .immediate();
  }

  async getFetchState(sourceId: string, url: string): Promise<SourceFetchState | undefined> {
    const data = this.s.getFetchState.get(sourceId, url) as string | undefined;
    return data === undefined ? undefined : (JSON.parse(data) as SourceFetchState);
  }

  async setFetchState(sourceId: string, url: string, state: SourceFetchState): Promise<void> {
    this.requireSource(sourceId, 'store its fetch state');
    this.s.setFetchState.run(sourceId, url, JSON.stringify(state));
  }

  // --- runs ---

  async startRun(sourceId: string, startedAt: string): Promise<HarvestRun> {
    this.requireSource(sourceId, 'start a run');
    const run: HarvestRun = { id: randomUUID(), sourceId, startedAt, state: 'running', counts: emptyCounts(), problems: [] };
    this.s.insertRun.run(run.id, sourceId, startedAt, process.pid, this.host, JSON.stringify(runData(run)));
    return run;
  }

  async finishRun(run: HarvestRun): Promise<void> {
    const result = this.s.finishRun.run(run.endedAt ?? null, run.state, run.error ?? null, JSON.stringify(runData(run)), run.id);
    if (result.changes === 0) throw new NotFoundError(`Cannot finish run ${run.id}: no such run (was its source deleted?).`);
  }

  async getRun(id: string): Promise<HarvestRun | undefined> {
    const row = this.s.getRun.get(id) as RunRow | undefined;
    return row === undefined ? undefined : runFromRow(row);
  }

  async listRuns(filter: { sourceId?: string; limit: number }): Promise<HarvestRun[]> {
    const rows = (filter.sourceId === undefined ? this.s.listRuns.all(filter.limit) : this.s.listRunsOfSource.all(filter.sourceId, filter.limit)) as RunRow[];
    return rows.map(runFromRow);
  }

  /**
   * Marks `running` runs whose process is gone as `interrupted`. A run held by another live process
   * on this machine (a CLI harvest beside the server) is left alone; runs of this process count as
   * left over, since the caller asks at start, before it runs anything.
   */
  async interruptRunningRuns(at: string, orphanedOnly = false): Promise<number> {
    return this.db
      .transaction(() => {
        let n = 0;
        for (const r of this.s.runningRuns.all() as { id: string; pid: number; host: string }[]) {
          if (r.host === this.host && r.pid !== process.pid && isProcessAlive(r.pid)) continue;
          // Orphaned: its process is gone, which can be told only on this machine (not this process's own run).
          if (orphanedOnly && (r.host !== this.host || r.pid === process.pid)) continue;
          const error = `The process running this harvest (pid ${r.pid} on ${r.host}) stopped before the run finished.`;
          n += this.s.interruptRun.run(at, error, r.id).changes;
        }
        return n;
      })
      .immediate();
  }

  // --- records ---

  async recordStatesOfSource(sourceId: string): Promise<Map<string, RecordState>> {
    const out = new Map<string, RecordState>();
    for (const row of this.s.statesOfSource.all(sourceId) as unknown[][]) {
      const state = stateFromRow(row);
      out.set(state.iri, state);
    }
    return out;
  }

  async recordStatesByIri(iris: readonly string[]): Promise<Map<string, RecordState>> {
    const out = new Map<string, RecordState>();
    if (iris.length === 0) return out;
    for (const row of this.s.statesByIri.all(JSON.stringify(iris)) as unknown[][]) {
      const state = stateFromRow(row);
      out.set(state.iri, state);
    }
    return out;
  }

  async getRecord(id: string): Promise<StoredRecord | undefined> {
    const row = this.s.getRecord.get(id) as unknown[] | undefined;
    return row === undefined ? undefined : recordFromRow(row);
  }

  /** Each read is synchronous: a turn of the event loop once a slice of reads has taken the background budget. */
  async getRecords(ids: readonly string[]): Promise<Map<string, StoredRecord>> {
    const out = new Map<string, StoredRecord>();
    const clock = new SliceClock();
    for (const id of new Set(ids)) {
      const record = await this.getRecord(id);
      if (record !== undefined) out.set(id, record);
      await clock.yieldIfSpent();
    }
    return out;
  }

  async getRecordByIri(iri: string): Promise<StoredRecord | undefined> {
    const row = this.s.getRecordByIri.get(iri) as unknown[] | undefined;
    return row === undefined ? undefined : recordFromRow(row);
  }

  /**
   * Writes records in transactions of at most `writeBatchSize` records, each holding the event loop
   * about SLICE_BUDGET_MS (TimeSlices), with a turn of the loop between them: each record row commits together with its
   * change-log entry, never one without the other. A record that existed keeps its first-harvest
   * date (issued), whatever the write says, and a tombstone that is written again comes back to
   * life under the same id. When a write fails, the transactions before it stay committed.
   */
  async writeRecords(writes: readonly RecordWrite[], fence?: LeaseFence): Promise<void> {
    for (const w of writes) {
      if (w.status !== 'published' && w.status !== 'quarantined') {
        throw new Error(`Record ${w.id} (${w.iri}) has status "${String(w.status)}"; a write is published or quarantined (removals go through markRemoved).`);
      }
    }
    const writeBatch = this.db.transaction((batch: readonly RecordWrite[]) => {
      this.#checkFence(fence);
      for (const w of batch) {
        const before = this.s.publicStateOf.get(w.id) as PublicState | undefined;
        try {
          const rid = this.s.upsertRecord.get(w.id, w.iri, w.kind, w.sourceId, w.catalogId, w.hash, w.status, w.issued, w.modified) as number;
          // A first version that reads its graph from the body gets its own copy before the body changes.
          if (before !== undefined && before.graph !== w.graph) this.s.materialiseFirstVersion.run(before.graph, w.id);
          this.s.upsertBody.run(rid, w.graph, w.validation === null ? null : JSON.stringify(w.validation));
          this.#writeArtefacts(rid, w);
        } catch (error) {
          throw this.explainWriteError(w, error);
        }
        this.s.appendChange.run(w.id, 'upsert');
        this.#appendVersion(w, before?.status === 'published' ? before.graph : null, w.status === 'published' ? w.graph : null, w.modified, w.runId ?? null);
      }
    });
    await this.writeSlices.run(writes, (slice) => writeBatch.immediate(slice));
  }

  async replaceValidationReports(updates: readonly ValidationReplacement[]): Promise<string[]> {
    const replaced: string[] = [];
    this.db
      .transaction(() => {
        for (const u of updates) {
          if (this.s.replaceValidation.run(JSON.stringify(u.validation), u.id, u.hash).changes === 0) continue;
          this.s.appendChange.run(u.id, 'upsert');
          replaced.push(u.id);
        }
      })
      .immediate();
    return replaced;
  }

  /** Replaces the record's artefacts (inside the record's write transaction); bytes no record names any more are deleted. */
  #writeArtefacts(rid: number, w: RecordWrite): void {
    const before = this.s.artefactHashesOf.all(rid) as string[];
    this.s.deleteArtefactsOf.run(rid);
    for (const a of w.artefacts ?? []) {
      if (a.body !== undefined) this.s.insertArtefact.run(a.hash, a.body);
      else if (this.s.artefactExists.get(a.hash) === undefined) continue;
      this.s.linkArtefact.run(rid, a.name, a.hash, a.mediaType);
    }
    for (const hash of before) this.s.deleteUnusedArtefact.run(hash, hash);
  }

  async getArtefact(recordId: string, name: string): Promise<StoredArtefact | undefined> {
    const row = this.s.getArtefact.get(recordId, name) as { name: string; media_type: string; hash: string; body: Buffer } | undefined;
    return row === undefined ? undefined : { name: row.name, mediaType: row.media_type, hash: row.hash, body: row.body };
  }

  async artefactsOf(recordId: string): Promise<ArtefactSummary[]> {
    const rows = this.s.artefactsOf.all(recordId) as { name: string; media_type: string; hash: string; bytes: number }[];
    return rows.map((r) => ({ name: r.name, mediaType: r.media_type, hash: r.hash, bytes: r.bytes }));
  }

  async markRemoved(ids: readonly string[], at: string, runId?: string, fence?: LeaseFence): Promise<void> {
    this.db
      .transaction(() => {
        this.#checkFence(fence);
        const unknown: string[] = [];
        for (const id of ids) if (!this.removeOne(id, at, runId ?? null) && this.s.recordExists.get(id) === undefined) unknown.push(id);
        if (unknown.length > 0) throw new NotFoundError(`Cannot mark removed: no record with id ${unknown.slice(0, 5).join(', ')}${unknown.length > 5 ? ` (and ${unknown.length - 5} more)` : ''}.`);
      })
      .immediate();
  }

  async *publishedRecords(pageSize = DEFAULT_PAGE_SIZE, kinds?: readonly ResourceKind[], order: PublishedOrder = 'id'): AsyncIterable<StoredRecord[]> {
    if (!Number.isInteger(pageSize) || pageSize < 1) throw new Error(`pageSize must be a positive whole number, not ${pageSize}.`);
    // 'stored': by rid, the order of the rows in the file (a record keeps its rid when it changes, so none comes twice).
    const stored = order === 'stored';
    let after: string | number = stored ? -1 : '';
    const ofKinds = kinds === undefined ? undefined : JSON.stringify(kinds);
    const [all, ofKind] = stored ? [this.s.publishedPageStored, this.s.publishedPageOfKindsStored] : [this.s.publishedPage, this.s.publishedPageOfKinds];
    for (;;) {
      const rows = (ofKinds === undefined ? all.all(after, pageSize) : ofKind.all(after, ofKinds, pageSize)) as unknown[][];
      if (rows.length === 0) return;
      after = rows[rows.length - 1]![stored ? STORED_RID_COLUMN : 0] as string | number;
      yield rows.map(recordFromRow);
      if (rows.length < pageSize) return;
      await yieldToEventLoop();
    }
  }

  /** Records per status: `{ published, quarantined, removed }`, zeros included. */
  async countRecords(): Promise<Record<string, number>> {
    const out: Record<string, number> = Object.fromEntries(RECORD_STATUSES.map((status) => [status, 0]));
    for (const r of this.s.countRecords.all() as { status: string; n: number }[]) out[r.status] = r.n;
    return out;
  }

  async countRecordsByKind(): Promise<{ kind: string; status: string; n: number }[]> {
    return this.s.countByKind.all() as { kind: string; status: string; n: number }[];
  }

  // --- change log ---

  async changesSince(afterSeq: number, limit: number): Promise<RecordChange[]> {
    return (this.s.changesSince.all(afterSeq, limit) as [number, string, RecordChange['op']][]).map(([seq, id, op]) => ({ seq, id, op }));
  }

  async latestChangeSeq(): Promise<number> {
    return this.s.latestSeq.get() as number;
  }

  async getCursor(name: string): Promise<number> {
    return (this.s.getCursor.get(name) as number | undefined) ?? 0;
  }

  async setCursor(name: string, seq: number): Promise<void> {
    if (!Number.isSafeInteger(seq) || seq < 0) throw new Error(`Cursor ${name}: ${seq} is not a change sequence number.`);
    this.s.setCursor.run(name, seq);
  }

  /** SQLite cannot tell of another process's commits: followers poll the change log. */
  watchChanges(): undefined {
    return undefined;
  }

  /** A SQLite process's liveness is the process itself (see process-liveness.ts): it is never lost while the process runs. */
  watchLiveness(): () => void {
    return () => {};
  }

  // --- history ---

  async recordVersions(recordId: string): Promise<RecordVersion[]> {
    return (this.s.versionsOf.all(recordId) as VersionRow[]).map(versionFromRow);
  }

  async versionGraph(recordId: string, version: number): Promise<string | undefined> {
    if (!Number.isSafeInteger(version) || version < 1) return undefined;
    return new VersionReplay(await this.versionDeltas(recordId, version)).graphAt(version);
  }

  async versionDeltas(recordId: string, upTo: number, from: number = upTo): Promise<RecordVersionDelta[]> {
    if (!(upTo >= 1)) return [];
    const last = Math.min(upTo, Number.MAX_SAFE_INTEGER);
    const start = (this.s.wholeVersionAtOrBefore.get(recordId, Math.max(1, Math.min(from, last))) as number | null) ?? 1;
    const rows = this.s.deltasBetween.all(recordId, start, last) as (VersionRow & { snapshot: string | null })[];
    return rows.map((row, i) => (i === 0 ? replayStart(deltaFromRow(row), row.snapshot) : deltaFromRow(row)));
  }

  async versionsSince(afterSeq: number, limit: number): Promise<RecordVersionDelta[]> {
    return (this.s.versionsSince.all(afterSeq, limit) as VersionRow[]).map(deltaFromRow);
  }

  async versionBounds(): Promise<{ first: number; last: number }> {
    const row = this.s.versionBounds.get() as { first: number | null; last: number | null };
    return { first: row.first ?? 0, last: row.last ?? 0 };
  }

  /** Prunes record by record, a few hundred records per transaction, giving the event loop a turn between them. */
  async pruneVersions(before: string): Promise<number> {
    const ids = this.s.recordsWithVersionsBefore.all(before) as string[];
    let dropped = 0;
    const pruneOne = (recordId: string): number => {
      const rows = (this.s.deltasUpTo.all(recordId, Number.MAX_SAFE_INTEGER) as VersionRow[]).filter((r) => r.at < before);
      const keep = rows[rows.length - 1];
      if (keep === undefined || (rows.length === 1 && keep.base === 1)) return 0;
      const graph = replayVersions(rows.map(deltaFromRow));
      const lines = graph === '\n' ? 0 : graph.split('\n').length - 1;
      this.s.makeBase.run(lines === 0 ? '' : graph, lines, keep.seq);
      return this.s.dropVersionsBefore.run(recordId, keep.version).changes;
    };
    const batch = this.db.transaction((slice: readonly string[]) => slice.reduce((n, id) => n + pruneOne(id), 0));
    for (let i = 0; i < ids.length; i += 200) {
      if (i > 0) await yieldToEventLoop();
      dropped += batch.immediate(ids.slice(i, i + 200));
    }
    return dropped;
  }

  // --- harvest leases ---

  async acquireLease(sourceId: string, holder: string, ttlMs: number, now: number): Promise<boolean> {
    return this.db
      .transaction(() => {
        const current = this.s.getLease.get(sourceId) as LeaseRow | undefined;
        if (current !== undefined && current.holder !== holder && this.#leaseLive(current, now)) return false;
        this.s.putLease.run(sourceId, holder, process.pid, this.host, now + ttlMs);
        return true;
      })
      .immediate();
  }

  /**
   * Refuses a fenced write (inside its transaction, which holds the file's write lock, as acquireLease's and
   * deleteSource's do) unless the fence's holder still holds the source's lease and the source is still
   * registered. Expiry alone does not refuse it: until another process takes the lease, no other run of the
   * source writes.
   */
  #checkFence(fence: LeaseFence | undefined): void {
    if (fence === undefined) return;
    const current = this.s.getLease.get(fence.sourceId) as LeaseRow | undefined;
    const refusal = fenceRefusal(fence, {
      registered: this.s.getSource.get(fence.sourceId) !== undefined,
      lease: current === undefined ? undefined : { holder: current.holder, where: `process ${current.pid} on ${current.host}` },
    });
    if (refusal !== undefined) throw refusal;
  }

  async renewLease(sourceId: string, holder: string, ttlMs: number, now: number): Promise<boolean> {
    return this.s.renewLease.run(now + ttlMs, sourceId, holder).changes === 1;
  }

  async releaseLease(sourceId: string, holder: string): Promise<void> {
    this.s.releaseLease.run(sourceId, holder);
  }

  async leasedSources(now: number): Promise<string[]> {
    return (this.s.allLeases.all() as LeaseRow[]).filter((l) => this.#leaseLive(l, now)).map((l) => l.source_id);
  }

  // --- node leases ---

  async acquireNodeLease(name: string, holder: string, ttlMs: number, now: number): Promise<boolean> {
    return this.db
      .transaction(() => {
        const current = this.s.getNodeLease.get(name) as NodeLeaseRow | undefined;
        if (current !== undefined && current.holder !== holder && this.#leaseLive(current, now)) return false;
        this.s.putNodeLease.run(name, holder, process.pid, this.host, now + ttlMs);
        return true;
      })
      .immediate();
  }

  async releaseNodeLease(name: string, holder: string): Promise<void> {
    this.s.releaseNodeLease.run(name, holder);
  }

  async nodeLeaseHolder(name: string, now: number): Promise<{ holder: string; node: string } | undefined> {
    const current = this.s.getNodeLease.get(name) as NodeLeaseRow | undefined;
    if (current === undefined || !this.#leaseLive(current, now)) return undefined;
    return { holder: current.holder, node: `${current.host}/${current.pid}` };
  }

  /** A lease counts until it expires, and not after its process is gone (on this machine, where that can be told). */
  #leaseLive(lease: { pid: number; host: string; expires_at: number }, now: number): boolean {
    if (lease.expires_at <= now) return false;
    return !(lease.host === this.host && lease.pid !== process.pid && !isProcessAlive(lease.pid));
  }

  // --- access ---

  async saveToken(token: ApiToken): Promise<void> {
    this.s.saveToken.run(token.id, token.hash, token.createdAt, JSON.stringify(token));
  }

  async getToken(id: string): Promise<ApiToken | undefined> {
    const data = this.s.getToken.get(id) as string | undefined;
    return data === undefined ? undefined : (JSON.parse(data) as ApiToken);
  }

  async getTokenByHash(hash: string): Promise<ApiToken | undefined> {
    const data = this.s.getTokenByHash.get(hash) as string | undefined;
    return data === undefined ? undefined : (JSON.parse(data) as ApiToken);
  }

  async listTokens(): Promise<ApiToken[]> {
    return (this.s.listTokens.all() as string[]).map((data) => JSON.parse(data) as ApiToken);
  }

  async revokeToken(id: string, at: string): Promise<ApiToken | undefined> {
    return this.db
      .transaction(() => {
        const data = this.s.getToken.get(id) as string | undefined;
        if (data === undefined) return undefined;
        const token = JSON.parse(data) as ApiToken;
        if (token.revokedAt !== undefined) return token;
        const revoked: ApiToken = { ...token, revokedAt: at };
        this.s.saveToken.run(revoked.id, revoked.hash, revoked.createdAt, JSON.stringify(revoked));
        return revoked;
      })
      .immediate();
  }

  async touchToken(id: string, at: string): Promise<void> {
    this.s.touchToken.run(at, id);
  }

  async appendAudit(entry: NewAuditEntry): Promise<AuditEntry> {
    const seq = Number(this.s.appendAudit.run(entry.at, JSON.stringify(entry)).lastInsertRowid);
    return { ...entry, seq };
  }

  async listAudit(filter: { limit: number; beforeSeq?: number }): Promise<AuditEntry[]> {
    const rows = this.s.listAudit.all(filter.beforeSeq ?? Number.MAX_SAFE_INTEGER, filter.limit) as { seq: number; data: string }[];
    return rows.map((r) => ({ ...(JSON.parse(r.data) as NewAuditEntry), seq: r.seq }));
  }

  // --- organisation register cache ---

  async getCachedOrganisation(organisationNumber: string): Promise<{ readonly data: string; readonly fetchedAt: string } | undefined> {
    const row = this.s.getOrganisation.get(organisationNumber) as { data: string; fetched_at: string } | undefined;
    return row === undefined ? undefined : { data: row.data, fetchedAt: row.fetched_at };
  }

  async cacheOrganisation(organisationNumber: string, data: string, fetchedAt: string): Promise<void> {
    this.s.cacheOrganisation.run(organisationNumber, fetchedAt, data);
  }

  // --- URL checker results ---

  async getUrlChecks(urls: readonly string[]): Promise<Map<string, UrlCheck>> {
    const out = new Map<string, UrlCheck>();
    for (let i = 0; i < urls.length; i += 500) {
      const rows = this.s.getUrlChecks.all(JSON.stringify(urls.slice(i, i + 500))) as { url: string; checked_at: string; status: number; media_type: string | null; error: string | null }[];
      for (const r of rows) out.set(r.url, { url: r.url, status: r.status, mediaType: r.media_type, error: r.error, checkedAt: r.checked_at });
    }
    return out;
  }

  async saveUrlChecks(checks: readonly UrlCheck[]): Promise<void> {
    this.db.transaction(() => {
      for (const c of checks) this.s.saveUrlCheck.run(c.url, c.checkedAt, c.status, c.mediaType, c.error);
    })();
  }

  async close(): Promise<void> {
    await this.checkpointer?.unwatch(this.db);
    if (this.db.open) this.db.close();
  }

  // --- helpers ---

  /** Turns one live record into a tombstone with a change entry; false when it is absent or already removed. */
  private removeOne(id: string, at: string, runId: string | null): boolean {
    const before = this.s.publicStateOf.get(id) as PublicState | undefined;
    if (this.s.markRemoved.run(at, id).changes === 0) return false;
    this.s.appendChange.run(id, 'remove');
    if (before?.status === 'published') this.#appendVersion({ id, kind: before.kind, iri: before.iri, sourceId: before.source_id }, before.graph, null, at, runId);
    return true;
  }

  /**
   * Appends the version a write or removal makes (inside its transaction): `prev` and `next` are the
   * public graphs before and after, null when the record is not public. Nothing when they are equal.
   * The version's time is never earlier than the last entry's, so the log's order is its time order.
   */
  #appendVersion(r: { id: string; kind: ResourceKind; iri: string; sourceId: string }, prev: string | null, next: string | null, at: string, runId: string | null): void {
    if (prev === null && next === null) return;
    if (prev !== null && next !== null && prev === next) return;
    const op: VersionOp = prev === null ? 'add' : next === null ? 'remove' : 'change';
    const lastAt = this.s.lastVersionAt.get() as string | undefined;
    const when = lastAt !== undefined && lastAt > at ? lastAt : at;
    const before = this.s.lastVersionOf.get(r.id) as { version: number; churn: number } | undefined;
    const version = (before?.version ?? 0) + 1;
    // A first version (or a return) of canonical text is the body's graph: the row keeps no copy (first-version-text.ts).
    const bodyLines = op === 'add' ? canonicalLineCount(next!) : -1;
    if (bodyLines > 0) {
      this.s.insertVersion.run(r.id, version, op, when, runId, r.kind, r.iri, r.sourceId, '', '', bodyLines, 0, null, 0);
      return;
    }
    const { added, removed } = graphDelta(prev ?? '', next ?? '');
    const text = (lines: string[]): string => (lines.length === 0 ? '' : `${lines.join('\n')}\n`);
    // A change past the last whole graph by more lines than its graph has keeps that graph too (version-snapshots.ts).
    const { snapshot, churn } = op === 'change' ? changeSnapshot(before?.churn ?? 0, added.length, removed.length, next!) : { snapshot: null, churn: 0 };
    this.s.insertVersion.run(r.id, version, op, when, runId, r.kind, r.iri, r.sourceId, text(added), text(removed), added.length, removed.length, snapshot, churn);
  }

  private requireSource(sourceId: string, action: string): void {
    if (this.s.getSource.get(sourceId) === undefined) throw new NotFoundError(`Cannot ${action}: no source with id ${sourceId}.`);
  }

  private explainWriteError(w: RecordWrite, error: unknown): unknown {
    const code = (error as { code?: string }).code;
    if (code === 'SQLITE_CONSTRAINT_UNIQUE' && String((error as Error).message).includes('records.iri')) {
      const holder = this.s.idByIri.get(w.iri) as string | undefined;
      return new ConflictError(`Record ${w.id} cannot take IRI ${w.iri}: record ${holder ?? '(unknown)'} already holds it.`, {}, { cause: error });
    }
    return error;
  }
}

interface PublicState {
  status: string;
  kind: ResourceKind;
  iri: string;
  source_id: string;
  graph: string;
}

interface NodeLeaseRow {
  name: string;
  holder: string;
  pid: number;
  host: string;
  expires_at: number;
}

interface LeaseRow {
  source_id: string;
  holder: string;
  pid: number;
  host: string;
  expires_at: number;
}

const VERSION_COLUMNS = 'seq, record_id, version, op, at, run_id, kind, iri, source_id, n_added, n_removed, base';

interface VersionRow {
  seq: number;
  record_id: string;
  version: number;
  op: VersionOp;
  at: string;
  run_id: string | null;
  kind: ResourceKind;
  iri: string;
  source_id: string;
  n_added: number;
  n_removed: number;
  base: number;
  added?: string;
  removed?: string;
}

function versionFromRow(r: VersionRow): RecordVersion {
  return { seq: r.seq, recordId: r.record_id, version: r.version, op: r.op, at: r.at, runId: r.run_id, kind: r.kind, iri: r.iri, sourceId: r.source_id, added: r.n_added, removed: r.n_removed };
}

function deltaFromRow(r: VersionRow): RecordVersionDelta {
  return { ...versionFromRow(r), addedTriples: r.added ?? '', removedTriples: r.removed ?? '', base: r.base === 1 };
}

function prepareStatements(db: Database.Database) {
  return {
    saveSource: db.prepare(
      `INSERT INTO sources (id, url, kind, publisher, created_at, data) VALUES (?, ?, ?, ?, ?, ?)
       ON CONFLICT(id) DO UPDATE SET url = excluded.url, kind = excluded.kind, publisher = excluded.publisher,
         created_at = excluded.created_at, data = excluded.data`,
    ),
    getSource: db.prepare('SELECT data FROM sources WHERE id = ?').pluck(),
    listSources: db.prepare('SELECT data FROM sources ORDER BY created_at, id').pluck(),
    deleteSource: db.prepare('DELETE FROM sources WHERE id = ?'),
    liveIdsOfSource: db.prepare("SELECT id FROM records WHERE source_id = ? AND status != 'removed' ORDER BY id").pluck(),
    getFetchState: db.prepare('SELECT data FROM fetch_state WHERE source_id = ? AND url = ?').pluck(),
    setFetchState: db.prepare('INSERT INTO fetch_state (source_id, url, data) VALUES (?, ?, ?) ON CONFLICT(source_id, url) DO UPDATE SET data = excluded.data'),

    insertRun: db.prepare("INSERT INTO runs (id, source_id, started_at, state, pid, host, data) VALUES (?, ?, ?, 'running', ?, ?, ?)"),
    finishRun: db.prepare('UPDATE runs SET ended_at = ?, state = ?, error = ?, data = ? WHERE id = ?'),
    getRun: db.prepare('SELECT id, source_id, started_at, ended_at, state, error, data FROM runs WHERE id = ?'),
    listRuns: db.prepare('SELECT id, source_id, started_at, ended_at, state, error, data FROM runs ORDER BY started_at DESC, rowid DESC LIMIT ?'),
    listRunsOfSource: db.prepare(
      'SELECT id, source_id, started_at, ended_at, state, error, data FROM runs WHERE source_id = ? ORDER BY started_at DESC, rowid DESC LIMIT ?',
    ),
    runningRuns: db.prepare("SELECT id, pid, host FROM runs WHERE state = 'running'"),
    interruptRun: db.prepare("UPDATE runs SET state = 'interrupted', ended_at = ?, error = ? WHERE id = ? AND state = 'running'"),

    statesOfSource: db.prepare(`SELECT ${STATE_COLUMNS} FROM records r WHERE r.source_id = ?`).raw(),
    statesByIri: db.prepare(`SELECT ${STATE_COLUMNS} FROM records r WHERE r.iri IN (SELECT value FROM json_each(?))`).raw(),
    getRecord: db.prepare(`SELECT ${RECORD_COLUMNS} FROM records r JOIN record_bodies b USING (rid) WHERE r.id = ?`).raw(),
    getRecordByIri: db.prepare(`SELECT ${RECORD_COLUMNS} FROM records r JOIN record_bodies b USING (rid) WHERE r.iri = ?`).raw(),
    idByIri: db.prepare('SELECT id FROM records WHERE iri = ?').pluck(),
    recordExists: db.prepare('SELECT 1 FROM records WHERE id = ?'),
    // `issued` is not updated: a record keeps its first-harvest date, also when it comes back from removal.
    upsertRecord: db
      .prepare(
        `INSERT INTO records (id, iri, kind, source_id, catalog_id, hash, status, issued, modified, removed_at)
         VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, NULL)
         ON CONFLICT(id) DO UPDATE SET iri = excluded.iri, kind = excluded.kind, source_id = excluded.source_id,
           catalog_id = excluded.catalog_id, hash = excluded.hash, status = excluded.status, modified = excluded.modified,
           removed_at = NULL
         RETURNING rid`,
      )
      .pluck(),
    upsertBody: db.prepare(
      'INSERT INTO record_bodies (rid, graph, validation) VALUES (?, ?, ?) ON CONFLICT(rid) DO UPDATE SET graph = excluded.graph, validation = excluded.validation',
    ),
    markRemoved: db.prepare("UPDATE records SET status = 'removed', removed_at = ? WHERE id = ? AND status != 'removed'"),
    replaceValidation: db.prepare("UPDATE record_bodies SET validation = ? WHERE rid = (SELECT rid FROM records WHERE id = ? AND hash = ? AND status = 'published')"),
    artefactHashesOf: db.prepare('SELECT hash FROM record_artefacts WHERE rid = ?').pluck(),
    deleteArtefactsOf: db.prepare('DELETE FROM record_artefacts WHERE rid = ?'),
    insertArtefact: db.prepare('INSERT INTO artefacts (hash, body) VALUES (?, ?) ON CONFLICT(hash) DO NOTHING'),
    artefactExists: db.prepare('SELECT 1 FROM artefacts WHERE hash = ?'),
    linkArtefact: db.prepare('INSERT INTO record_artefacts (rid, name, hash, media_type) VALUES (?, ?, ?, ?)'),
    deleteUnusedArtefact: db.prepare('DELETE FROM artefacts WHERE hash = ? AND NOT EXISTS (SELECT 1 FROM record_artefacts WHERE hash = ?)'),
    artefactsOf: db.prepare(
      'SELECT a.name, a.media_type, a.hash, length(x.body) AS bytes FROM records r JOIN record_artefacts a USING (rid) JOIN artefacts x ON x.hash = a.hash WHERE r.id = ? ORDER BY a.name',
    ),
    getArtefact: db.prepare(
      'SELECT a.name, a.media_type, a.hash, x.body FROM records r JOIN record_artefacts a USING (rid) JOIN artefacts x ON x.hash = a.hash WHERE r.id = ? AND a.name = ?',
    ),
    publishedPage: db
      .prepare(`SELECT ${RECORD_COLUMNS} FROM records r JOIN record_bodies b USING (rid) WHERE r.status = 'published' AND r.id > ? ORDER BY r.id LIMIT ?`)
      .raw(),
    publishedPageOfKinds: db
      .prepare(`SELECT ${RECORD_COLUMNS} FROM records r JOIN record_bodies b USING (rid) WHERE r.status = 'published' AND r.id > ? AND r.kind IN (SELECT value FROM json_each(?)) ORDER BY r.id LIMIT ?`)
      .raw(),
    publishedPageStored: db
      .prepare(`SELECT ${RECORD_COLUMNS}, r.rid FROM records r JOIN record_bodies b USING (rid) WHERE r.status = 'published' AND r.rid > ? ORDER BY r.rid LIMIT ?`)
      .raw(),
    publishedPageOfKindsStored: db
      .prepare(`SELECT ${RECORD_COLUMNS}, r.rid FROM records r JOIN record_bodies b USING (rid) WHERE r.status = 'published' AND r.rid > ? AND r.kind IN (SELECT value FROM json_each(?)) ORDER BY r.rid LIMIT ?`)
      .raw(),
    countRecords: db.prepare('SELECT status, count(*) AS n FROM records GROUP BY status'),
    countByKind: db.prepare('SELECT kind, status, count(*) AS n FROM records GROUP BY kind, status ORDER BY kind, status'),

    publicStateOf: db.prepare('SELECT r.status, r.kind, r.iri, r.source_id, b.graph FROM records r JOIN record_bodies b USING (rid) WHERE r.id = ?'),
    lastVersionAt: db.prepare('SELECT at FROM record_versions ORDER BY seq DESC LIMIT 1').pluck(),
    lastVersionOf: db.prepare('SELECT version, churn FROM record_versions WHERE record_id = ? ORDER BY version DESC LIMIT 1'),
    insertVersion: db.prepare(
      'INSERT INTO record_versions (record_id, version, op, at, run_id, kind, iri, source_id, added, removed, n_added, n_removed, snapshot, churn) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)',
    ),
    versionsOf: db.prepare(`SELECT ${VERSION_COLUMNS} FROM record_versions WHERE record_id = ? ORDER BY version`),
    deltasUpTo: db.prepare(`SELECT ${VERSION_COLUMNS}, ${versionAddedSql('v')} AS added, removed FROM record_versions v WHERE record_id = ? AND version <= ? ORDER BY version`),
    wholeVersionAtOrBefore: db.prepare(`SELECT MAX(version) FROM record_versions v WHERE record_id = ? AND version <= ? AND ${wholeVersionSql('v', 'v.base = 1')}`).pluck(),
    deltasBetween: db.prepare(`SELECT ${VERSION_COLUMNS}, ${versionAddedSql('v')} AS added, removed, snapshot FROM record_versions v WHERE record_id = ? AND version >= ? AND version <= ? ORDER BY version`),
    versionsSince: db.prepare(`SELECT ${VERSION_COLUMNS}, ${versionAddedSql('v')} AS added, removed FROM record_versions v WHERE seq > ? ORDER BY seq LIMIT ?`),
    materialiseFirstVersion: db.prepare("UPDATE record_versions SET added = ? WHERE record_id = ? AND added = '' AND n_added > 0"),
    versionBounds: db.prepare('SELECT MIN(seq) AS first, MAX(seq) AS last FROM record_versions'),
    recordsWithVersionsBefore: db.prepare('SELECT DISTINCT record_id FROM record_versions WHERE at < ? ORDER BY record_id').pluck(),
    makeBase: db.prepare("UPDATE record_versions SET base = 1, added = ?, removed = '', n_added = ?, n_removed = 0, snapshot = NULL, churn = 0 WHERE seq = ?"),
    dropVersionsBefore: db.prepare('DELETE FROM record_versions WHERE record_id = ? AND version < ?'),

    getLease: db.prepare('SELECT source_id, holder, pid, host, expires_at FROM harvest_leases WHERE source_id = ?'),
    putLease: db.prepare(
      'INSERT INTO harvest_leases (source_id, holder, pid, host, expires_at) VALUES (?, ?, ?, ?, ?) ON CONFLICT(source_id) DO UPDATE SET holder = excluded.holder, pid = excluded.pid, host = excluded.host, expires_at = excluded.expires_at',
    ),
    renewLease: db.prepare('UPDATE harvest_leases SET expires_at = ? WHERE source_id = ? AND holder = ?'),
    releaseLease: db.prepare('DELETE FROM harvest_leases WHERE source_id = ? AND holder = ?'),
    allLeases: db.prepare('SELECT source_id, holder, pid, host, expires_at FROM harvest_leases'),
    getNodeLease: db.prepare('SELECT name, holder, pid, host, expires_at FROM node_leases WHERE name = ?'),
    putNodeLease: db.prepare(
      'INSERT INTO node_leases (name, holder, pid, host, expires_at) VALUES (?, ?, ?, ?, ?) ON CONFLICT(name) DO UPDATE SET holder = excluded.holder, pid = excluded.pid, host = excluded.host, expires_at = excluded.expires_at',
    ),
    releaseNodeLease: db.prepare('DELETE FROM node_leases WHERE name = ? AND holder = ?'),

    appendChange: db.prepare('INSERT INTO changes (record_id, op) VALUES (?, ?)'),
    changesSince: db.prepare('SELECT seq, record_id, op FROM changes WHERE seq > ? ORDER BY seq LIMIT ?').raw(),
    latestSeq: db.prepare('SELECT COALESCE(MAX(seq), 0) FROM changes').pluck(),
    getCursor: db.prepare('SELECT seq FROM cursors WHERE name = ?').pluck(),
    setCursor: db.prepare('INSERT INTO cursors (name, seq) VALUES (?, ?) ON CONFLICT(name) DO UPDATE SET seq = excluded.seq'),

    saveToken: db.prepare('INSERT INTO api_tokens (id, hash, created_at, data) VALUES (?, ?, ?, ?) ON CONFLICT(id) DO UPDATE SET data = excluded.data'),
    getToken: db.prepare('SELECT data FROM api_tokens WHERE id = ?').pluck(),
    getTokenByHash: db.prepare('SELECT data FROM api_tokens WHERE hash = ?').pluck(),
    listTokens: db.prepare('SELECT data FROM api_tokens ORDER BY created_at, id').pluck(),
    touchToken: db.prepare("UPDATE api_tokens SET data = json_set(data, '$.lastUsedAt', ?) WHERE id = ?"),
    appendAudit: db.prepare('INSERT INTO audit_log (at, data) VALUES (?, ?)'),
    listAudit: db.prepare('SELECT seq, data FROM audit_log WHERE seq < ? ORDER BY seq DESC LIMIT ?'),
    getUrlChecks: db.prepare('SELECT url, checked_at, status, media_type, error FROM url_checks WHERE url IN (SELECT value FROM json_each(?))'),
    saveUrlCheck: db.prepare(
      'INSERT INTO url_checks (url, checked_at, status, media_type, error) VALUES (?, ?, ?, ?, ?) ON CONFLICT(url) DO UPDATE SET checked_at = excluded.checked_at, status = excluded.status, media_type = excluded.media_type, error = excluded.error',
    ),
    getOrganisation: db.prepare('SELECT data, fetched_at FROM organisations WHERE organisation_number = ?'),
    cacheOrganisation: db.prepare(
      'INSERT INTO organisations (organisation_number, fetched_at, data) VALUES (?, ?, ?) ON CONFLICT(organisation_number) DO UPDATE SET fetched_at = excluded.fetched_at, data = excluded.data',
    ),
  };
}

