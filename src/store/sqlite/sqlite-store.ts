import { randomUUID } from 'node:crypto';
import { hostname } from 'node:os';
import { setImmediate as yieldToEventLoop } from 'node:timers/promises';
import type Database from 'better-sqlite3';
import { RECORD_STATUSES, type ArtefactSummary, type RecordChange, type RecordState, type RecordWrite, type StoredArtefact, type StoredRecord } from '../../core/catalog-record.js';
import { ConflictError, NotFoundError } from '../../core/errors.js';
import { emptyCounts, type HarvestRun } from '../../core/harvest-run.js';
import type { HarvestSource, SourceFetchState } from '../../core/harvest-source.js';
import type { Store } from '../../core/ports/store.js';
import { catalogDbPath, DEFAULT_BUSY_TIMEOUT_MS, openCatalogDatabase } from './open-database.js';
import { isProcessAlive } from './process-liveness.js';
import { RECORD_COLUMNS, recordFromRow, runData, runFromRow, type RunRow, STATE_COLUMNS, stateFromRow } from './row-mapping.js';

export interface SqliteStoreOptions {
  /** The data directory; the store is `${dataDir}/catalog.db`. */
  readonly dataDir?: string;
  /** The database file itself (instead of dataDir). */
  readonly file?: string;
  readonly busyTimeoutMs?: number;
  /** Records per write transaction (default 1000); the event loop gets a turn between transactions. */
  readonly writeBatchSize?: number;
}

const DEFAULT_PAGE_SIZE = 500;
const DEFAULT_WRITE_BATCH = 1000;

/**
 * The embedded Store: one SQLite file (better-sqlite3). SQLite is synchronous, so every method does
 * its work at once and returns a settled promise; long operations (writing many records, reading
 * every published record) work in transactions or pages and give the event loop a turn between them.
 */
export class SqliteStore implements Store {
  readonly file: string;
  private readonly db: Database.Database;
  private readonly writeBatchSize: number;
  private readonly host = hostname();
  private readonly s: ReturnType<typeof prepareStatements>;

  private constructor(file: string, db: Database.Database, writeBatchSize: number) {
    this.file = file;
    this.db = db;
    this.writeBatchSize = writeBatchSize;
    this.s = prepareStatements(db);
  }

  static open(options: SqliteStoreOptions): SqliteStore {
    const file = options.file ?? (options.dataDir !== undefined ? catalogDbPath(options.dataDir) : undefined);
    if (file === undefined) throw new Error('SqliteStore.open needs a dataDir or a file.');
    const db = openCatalogDatabase(file, options.busyTimeoutMs ?? DEFAULT_BUSY_TIMEOUT_MS);
    const batch = options.writeBatchSize ?? DEFAULT_WRITE_BATCH;
    if (!Number.isInteger(batch) || batch < 1) throw new Error(`writeBatchSize must be a positive whole number, not ${batch}.`);
    return new SqliteStore(file, db, batch);
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
        for (const recordId of ids) this.removeOne(recordId, at);
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
  async interruptRunningRuns(at: string): Promise<number> {
    return this.db
      .transaction(() => {
        let n = 0;
        for (const r of this.s.runningRuns.all() as { id: string; pid: number; host: string }[]) {
          if (r.host === this.host && r.pid !== process.pid && isProcessAlive(r.pid)) continue;
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

  async getRecordByIri(iri: string): Promise<StoredRecord | undefined> {
    const row = this.s.getRecordByIri.get(iri) as unknown[] | undefined;
    return row === undefined ? undefined : recordFromRow(row);
  }

  /**
   * Writes records in transactions of `writeBatchSize`: each record row commits together with its
   * change-log entry, never one without the other. A record that existed keeps its first-harvest
   * date (issued), whatever the write says, and a tombstone that is written again comes back to
   * life under the same id. When a write fails, the transactions before it stay committed.
   */
  async writeRecords(writes: readonly RecordWrite[]): Promise<void> {
    for (const w of writes) {
      if (w.status !== 'published' && w.status !== 'quarantined') {
        throw new Error(`Record ${w.id} (${w.iri}) has status "${String(w.status)}"; a write is published or quarantined (removals go through markRemoved).`);
      }
    }
    const writeBatch = this.db.transaction((batch: readonly RecordWrite[]) => {
      for (const w of batch) {
        try {
          const rid = this.s.upsertRecord.get(w.id, w.iri, w.kind, w.sourceId, w.catalogId, w.hash, w.status, w.issued, w.modified) as number;
          this.s.upsertBody.run(rid, w.graph, w.validation === null ? null : JSON.stringify(w.validation));
          this.#writeArtefacts(rid, w);
        } catch (error) {
          throw this.explainWriteError(w, error);
        }
        this.s.appendChange.run(w.id, 'upsert');
      }
    });
    for (let i = 0; i < writes.length; i += this.writeBatchSize) {
      if (i > 0) await yieldToEventLoop();
      writeBatch.immediate(writes.slice(i, i + this.writeBatchSize));
    }
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

  async markRemoved(ids: readonly string[], at: string): Promise<void> {
    this.db
      .transaction(() => {
        const unknown: string[] = [];
        for (const id of ids) if (!this.removeOne(id, at) && this.s.recordExists.get(id) === undefined) unknown.push(id);
        if (unknown.length > 0) throw new NotFoundError(`Cannot mark removed: no record with id ${unknown.slice(0, 5).join(', ')}${unknown.length > 5 ? ` (and ${unknown.length - 5} more)` : ''}.`);
      })
      .immediate();
  }

  async *publishedRecords(pageSize = DEFAULT_PAGE_SIZE): AsyncIterable<StoredRecord[]> {
    if (!Number.isInteger(pageSize) || pageSize < 1) throw new Error(`pageSize must be a positive whole number, not ${pageSize}.`);
    let after = '';
    for (;;) {
      const rows = this.s.publishedPage.all(after, pageSize) as unknown[][];
      if (rows.length === 0) return;
      after = rows[rows.length - 1]![0] as string;
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

  async close(): Promise<void> {
    if (this.db.open) this.db.close();
  }

  // --- helpers ---

  /** Turns one live record into a tombstone with a change entry; false when it is absent or already removed. */
  private removeOne(id: string, at: string): boolean {
    if (this.s.markRemoved.run(at, id).changes === 0) return false;
    this.s.appendChange.run(id, 'remove');
    return true;
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
    countRecords: db.prepare('SELECT status, count(*) AS n FROM records GROUP BY status'),

    appendChange: db.prepare('INSERT INTO changes (record_id, op) VALUES (?, ?)'),
    changesSince: db.prepare('SELECT seq, record_id, op FROM changes WHERE seq > ? ORDER BY seq LIMIT ?').raw(),
    latestSeq: db.prepare('SELECT COALESCE(MAX(seq), 0) FROM changes').pluck(),
    getCursor: db.prepare('SELECT seq FROM cursors WHERE name = ?').pluck(),
    setCursor: db.prepare('INSERT INTO cursors (name, seq) VALUES (?, ?) ON CONFLICT(name) DO UPDATE SET seq = excluded.seq'),
  };
}

