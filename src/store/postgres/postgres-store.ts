import type { ApiToken } from '../../core/api-token.js';
import type { AuditEntry, NewAuditEntry } from '../../core/audit-entry.js';
import { randomUUID } from 'node:crypto';
import { hostname } from 'node:os';
import type pg from 'pg';
import { RECORD_STATUSES, type ArtefactSummary, type RecordChange, type RecordState, type RecordStatus, type RecordWrite, type StoredArtefact, type StoredRecord } from '../../core/catalog-record.js';
import { ConflictError, NotFoundError } from '../../core/errors.js';
import { emptyCounts, type HarvestRun } from '../../core/harvest-run.js';
import type { HarvestSource, SourceFetchState } from '../../core/harvest-source.js';
import type { Logger } from '../../core/ports/logger.js';
import type { LeaseFence, Store, ValidationReplacement } from '../../core/ports/store.js';
import { graphDelta, replayVersions, VersionReplay, type RecordVersion, type RecordVersionDelta, type VersionOp } from '../../core/record-version.js';
import { changeSnapshot, replayStart, wholeVersionSql } from '../version-snapshots.js';
import type { ResourceKind } from '../../core/resource-kind.js';
import type { UrlCheck } from '../../core/url-check.js';
import type { ValidationReport } from '../../core/validation-report.js';
import { runData, runFromRow, type RunRow } from '../sqlite/row-mapping.js';
import { canonicalLineCount, versionAddedSql } from '../first-version-text.js';
import { fenceRefusal } from '../lease-fence-refusal.js';
import { advisoryKey } from '../../postgres/advisory-keys.js';
import { inTransaction, openPool, redactUrl, schemaName, type PostgresConnection } from '../../postgres/connection.js';
import { NodeSession } from './node-session.js';
import { migrate } from './schema.js';

export interface PostgresStoreOptions extends PostgresConnection {
  /** Records per write transaction (default 1000). */
  readonly writeBatchSize?: number;
  readonly logger?: Logger;
  /** The first wait before reconnecting a lost session connection, doubled per failure up to 10 s (default 250 ms). */
  readonly reconnectDelayMs?: number;
}

const DEFAULT_PAGE_SIZE = 500;
const DEFAULT_WRITE_BATCH = 1000;
const UNIQUE_VIOLATION = '23505';
/** PostgreSQL's clock in epoch milliseconds, the clock every lease expiry is written and judged by. */
const DATABASE_NOW_MS = '(extract(epoch FROM clock_timestamp()) * 1000)::bigint';

async function databaseNow(client: pg.PoolClient): Promise<number> {
  const { rows } = await client.query<{ now: string }>(`SELECT ${DATABASE_NOW_MS} AS now`);
  return Number(rows[0]!.now);
}
const FOREIGN_KEY_VIOLATION = '23503';

const STATE_COLUMNS = 'r.id, r.iri, r.kind, r.source_id, r.catalog_id, r.hash, r.status, r.issued, r.modified, r.removed_at';
const RECORD_COLUMNS = `${STATE_COLUMNS}, b.graph, b.validation`;
const RUN_COLUMNS = 'id, source_id, started_at, ended_at, state, error, data';

interface StateRow {
  id: string;
  iri: string;
  kind: string;
  source_id: string;
  catalog_id: string | null;
  hash: string;
  status: string;
  issued: string;
  modified: string;
  removed_at: string | null;
}
interface RecordRow extends StateRow {
  /** UTF-8 bytes of the canonical N-Triples (text cannot hold U+0000, which a literal may). */
  graph: Buffer;
  validation: string | null;
}

/**
 * The Store on PostgreSQL (node-postgres): the source of truth shared by any number of service nodes
 * (DATABASE_URL). The tables are those of the SQLite store (src/store/postgres/schema.ts, migrated at
 * open); each record commits with its change-log entry, and every node follows the change log through
 * LISTEN/NOTIFY plus its cursor (watchChanges).
 *
 * Change-log order is commit order: entries are appended under a transaction-scoped advisory lock
 * taken just before commit, so a follower that has read up to seq N never later sees an entry below N
 * commit (a sequence alone gives no such promise across concurrent transactions).
 */
export class PostgresStore implements Store {
  readonly schema: string;
  readonly #pool: pg.Pool;
  readonly #session: NodeSession;
  readonly #writeBatchSize: number;
  readonly #node = `${hostname()}/${process.pid}`;
  readonly #changeLogLock: [number, number];
  #closed = false;

  private constructor(schema: string, pool: pg.Pool, session: NodeSession, writeBatchSize: number) {
    this.schema = schema;
    this.#pool = pool;
    this.#session = session;
    this.#writeBatchSize = writeBatchSize;
    this.#changeLogLock = advisoryKey(schema, 'change-log');
  }

  /** Connects, migrates the schema and starts following the change-log channel. */
  static async open(options: PostgresStoreOptions): Promise<PostgresStore> {
    const schema = schemaName(options.schema);
    const batch = options.writeBatchSize ?? DEFAULT_WRITE_BATCH;
    if (!Number.isInteger(batch) || batch < 1) throw new Error(`writeBatchSize must be a positive whole number, not ${batch}.`);
    const logger = options.logger;
    const pool = openPool(options, (error) => logger?.warn({ err: error }, 'an idle PostgreSQL connection failed'));
    let session: NodeSession | undefined;
    try {
      const client = await pool.connect().catch((error: unknown) => {
        throw new Error(`Cannot connect to PostgreSQL at ${redactUrl(options.url)}: ${(error as Error).message}`, { cause: error });
      });
      try {
        await migrate(client, schema);
      } finally {
        client.release();
      }
      session = new NodeSession(options, schema, `datakatalog_changes_${schema}`, (error, message) => logger?.warn({ err: error }, message), options.reconnectDelayMs);
      await session.open();
      return new PostgresStore(schema, pool, session, batch);
    } catch (error) {
      await session?.close();
      await pool.end().catch(() => undefined);
      throw error;
    }
  }

  /** Calls `listener` after any node commits to the change log (LISTEN/NOTIFY), and after a lost connection is back. */
  watchChanges(listener: () => void): () => void {
    return this.#session.watch(listener);
  }

  // --- sources ---

  async saveSource(source: HarvestSource): Promise<void> {
    await this.#pool.query(
      `INSERT INTO sources (id, url, kind, publisher, created_at, data) VALUES ($1, $2, $3, $4, $5, $6)
       ON CONFLICT (id) DO UPDATE SET url = excluded.url, kind = excluded.kind, publisher = excluded.publisher,
         created_at = excluded.created_at, data = excluded.data`,
      [source.id, source.url, source.kind, source.publisher, source.createdAt, JSON.stringify(source)],
    );
  }

  async getSource(id: string): Promise<HarvestSource | undefined> {
    const { rows } = await this.#pool.query<{ data: string }>('SELECT data FROM sources WHERE id = $1', [id]);
    return rows[0] === undefined ? undefined : (JSON.parse(rows[0].data) as HarvestSource);
  }

  async listSources(): Promise<HarvestSource[]> {
    const { rows } = await this.#pool.query<{ data: string }>('SELECT data FROM sources ORDER BY created_at, id');
    return rows.map((r) => JSON.parse(r.data) as HarvestSource);
  }

  /** Deletes the source with its fetch state and runs; its live records become tombstones in the same transaction. */
  async deleteSource(id: string): Promise<void> {
    const at = new Date().toISOString();
    await inTransaction(this.#pool, async (client) => {
      // After the fenced writes of a run of the source under way, and before any later one (#checkFence).
      await client.query('SELECT pg_advisory_xact_lock($1, $2)', this.#leaseLockKey(id));
      const { rows: live } = await client.query<{ id: string }>("SELECT id FROM records WHERE source_id = $1 AND status <> 'removed' ORDER BY id", [id]);
      const before = await this.#publicStates(client, live.map((r) => r.id));
      const { rows } = await client.query<{ id: string }>(
        "UPDATE records SET status = 'removed', removed_at = $1 WHERE source_id = $2 AND status <> 'removed' RETURNING id",
        [at, id],
      );
      await client.query('DELETE FROM sources WHERE id = $1', [id]);
      const ids = rows.map((r) => r.id).sort();
      await this.#appendChanges(client, ids, 'remove');
      await this.#appendVersions(client, removals(ids, before, at, null));
    });
  }

  async getFetchState(sourceId: string, url: string): Promise<SourceFetchState | undefined> {
    const { rows } = await this.#pool.query<{ data: string }>('SELECT data FROM fetch_state WHERE source_id = $1 AND url = $2', [sourceId, url]);
    return rows[0] === undefined ? undefined : (JSON.parse(rows[0].data) as SourceFetchState);
  }

  async setFetchState(sourceId: string, url: string, state: SourceFetchState): Promise<void> {
    await this.#pool
      .query('INSERT INTO fetch_state (source_id, url, data) VALUES ($1, $2, $3) ON CONFLICT (source_id, url) DO UPDATE SET data = excluded.data', [
        sourceId,
        url,
        JSON.stringify(state),
      ])
      .catch((error: unknown) => {
        throw unknownSource(error, sourceId, 'store its fetch state');
      });
  }

  // --- runs ---

  async startRun(sourceId: string, startedAt: string): Promise<HarvestRun> {
    const run: HarvestRun = { id: randomUUID(), sourceId, startedAt, state: 'running', counts: emptyCounts(), problems: [] };
    await this.#pool
      .query("INSERT INTO runs (id, source_id, started_at, state, node, node_key, data) VALUES ($1, $2, $3, 'running', $4, $5, $6)", [
        run.id,
        sourceId,
        startedAt,
        this.#node,
        this.#session.key,
        JSON.stringify(runData(run)),
      ])
      .catch((error: unknown) => {
        throw unknownSource(error, sourceId, 'start a run');
      });
    return run;
  }

  async finishRun(run: HarvestRun): Promise<void> {
    const result = await this.#pool.query('UPDATE runs SET ended_at = $1, state = $2, error = $3, data = $4 WHERE id = $5', [
      run.endedAt ?? null,
      run.state,
      run.error === undefined ? null : run.error.split('\u0000').join('\uFFFD'),
      JSON.stringify(runData(run)),
      run.id,
    ]);
    if (result.rowCount === 0) throw new NotFoundError(`Cannot finish run ${run.id}: no such run (was its source deleted?).`);
  }

  async getRun(id: string): Promise<HarvestRun | undefined> {
    const { rows } = await this.#pool.query<RunRow>(`SELECT ${RUN_COLUMNS} FROM runs WHERE id = $1`, [id]);
    return rows[0] === undefined ? undefined : runFromRow(rows[0]);
  }

  async listRuns(filter: { sourceId?: string; limit: number }): Promise<HarvestRun[]> {
    const { rows } =
      filter.sourceId === undefined
        ? await this.#pool.query<RunRow>(`SELECT ${RUN_COLUMNS} FROM runs ORDER BY started_at DESC, n DESC LIMIT $1`, [filter.limit])
        : await this.#pool.query<RunRow>(`SELECT ${RUN_COLUMNS} FROM runs WHERE source_id = $1 ORDER BY started_at DESC, n DESC LIMIT $2`, [
            filter.sourceId,
            filter.limit,
          ]);
    return rows.map(runFromRow);
  }

  /**
   * Marks `running` runs whose node is gone as `interrupted`. A node holds its liveness lock for as long
   * as it lives (NodeSession); a run whose node's lock is free was left by a process that died, on any
   * machine. Runs of this store count as left over, since the caller asks at start, before it runs anything.
   */
  async interruptRunningRuns(at: string, orphanedOnly = false): Promise<number> {
    return inTransaction(this.#pool, async (client) => {
      const { rows } = await client.query<{ id: string; node: string; node_key: number }>("SELECT id, node, node_key FROM runs WHERE state = 'running' FOR UPDATE");
      let n = 0;
      for (const r of rows) {
        if (orphanedOnly && r.node_key === this.#session.key) continue;
        if (r.node_key !== this.#session.key) {
          // Taking the lock succeeds only when no live session holds it; a transaction lock is let go at commit.
          const free = await client.query<{ free: boolean }>('SELECT pg_try_advisory_xact_lock($1, $2) AS free', [this.#session.lockClass, r.node_key]);
          if (!free.rows[0]!.free) continue;
        }
        const error = `The process running this harvest (${r.node}) stopped before the run finished.`;
        const result = await client.query("UPDATE runs SET state = 'interrupted', ended_at = $1, error = $2 WHERE id = $3 AND state = 'running'", [at, error, r.id]);
        n += result.rowCount ?? 0;
      }
      return n;
    });
  }

  // --- records ---

  async recordStatesOfSource(sourceId: string): Promise<Map<string, RecordState>> {
    const { rows } = await this.#pool.query<StateRow>(`SELECT ${STATE_COLUMNS} FROM records r WHERE r.source_id = $1`, [sourceId]);
    return new Map(rows.map((row) => [row.iri, stateFromRow(row)]));
  }

  async recordStatesByIri(iris: readonly string[]): Promise<Map<string, RecordState>> {
    if (iris.length === 0) return new Map();
    const { rows } = await this.#pool.query<StateRow>(`SELECT ${STATE_COLUMNS} FROM records r WHERE r.iri = ANY($1::text[])`, [iris]);
    return new Map(rows.map((row) => [row.iri, stateFromRow(row)]));
  }

  async getRecord(id: string): Promise<StoredRecord | undefined> {
    const { rows } = await this.#pool.query<RecordRow>(`SELECT ${RECORD_COLUMNS} FROM records r JOIN record_bodies b USING (rid) WHERE r.id = $1`, [id]);
    return rows[0] === undefined ? undefined : recordFromRow(rows[0]);
  }

  async getRecords(ids: readonly string[]): Promise<Map<string, StoredRecord>> {
    const out = new Map<string, StoredRecord>();
    if (ids.length === 0) return out;
    const { rows } = await this.#pool.query<RecordRow>(`SELECT ${RECORD_COLUMNS} FROM records r JOIN record_bodies b USING (rid) WHERE r.id = ANY($1::text[])`, [[...new Set(ids)]]);
    for (const row of rows) {
      const record = recordFromRow(row);
      out.set(record.id, record);
    }
    return out;
  }

  async getRecordByIri(iri: string): Promise<StoredRecord | undefined> {
    const { rows } = await this.#pool.query<RecordRow>(`SELECT ${RECORD_COLUMNS} FROM records r JOIN record_bodies b USING (rid) WHERE r.iri = $1`, [iri]);
    return rows[0] === undefined ? undefined : recordFromRow(rows[0]);
  }

  /**
   * Writes records in transactions of `writeBatchSize`: each record row commits together with its
   * body, its artefacts and its change-log entry, never one without the others. A record that existed
   * keeps its first-harvest date; a tombstone written again comes back under the same id. When a write
   * fails, the transactions before it stay committed.
   */
  async writeRecords(writes: readonly RecordWrite[], fence?: LeaseFence): Promise<void> {
    for (const w of writes) {
      if (w.status !== 'published' && w.status !== 'quarantined') {
        throw new Error(`Record ${w.id} (${w.iri}) has status "${String(w.status)}"; a write is published or quarantined (removals go through markRemoved).`);
      }
    }
    for (let i = 0; i < writes.length; i += this.#writeBatchSize) {
      const batch = writes.slice(i, i + this.#writeBatchSize);
      await inTransaction(this.#pool, async (client) => {
        await this.#checkFence(client, fence);
        const before = await this.#publicStates(
          client,
          batch.map((w) => w.id),
        );
        // One statement may not touch a row twice: a batch naming a record twice is written in parts, in order.
        for (const part of withoutRepeatedIds(batch)) await this.#writePart(client, part);
        await this.#appendChanges(
          client,
          batch.map((w) => w.id),
          'upsert',
        );
        const versions: PendingVersion[] = [];
        const lastWrite = new Map(batch.map((w) => [w.id, w]));
        for (const w of batch) {
          const prev = before.get(w.id);
          const next = w.status === 'published' ? w.graph : null;
          // The body holds the graph of the batch's last write of a record: only that write's version may read it from there.
          const inBody = lastWrite.get(w.id) === w;
          versions.push({ id: w.id, kind: w.kind, iri: w.iri, sourceId: w.sourceId, prev: prev?.graph ?? null, next, at: w.modified, runId: w.runId ?? null, inBody });
          before.set(w.id, { kind: w.kind, iri: w.iri, sourceId: w.sourceId, graph: next });
        }
        await this.#appendVersions(client, versions);
      });
    }
  }

  async #writePart(client: pg.PoolClient, part: readonly RecordWrite[]): Promise<void> {
    const column = <T>(f: (w: RecordWrite) => T): T[] => part.map(f);
    let rows: { rid: string; id: string }[];
    try {
      ({ rows } = await client.query<{ rid: string; id: string }>(
        `INSERT INTO records (id, iri, kind, source_id, catalog_id, hash, status, issued, modified, removed_at)
         SELECT t.*, NULL FROM unnest($1::text[], $2::text[], $3::text[], $4::text[], $5::text[], $6::text[], $7::text[], $8::text[], $9::text[]) AS t
         ON CONFLICT (id) DO UPDATE SET iri = excluded.iri, kind = excluded.kind, source_id = excluded.source_id,
           catalog_id = excluded.catalog_id, hash = excluded.hash, status = excluded.status, modified = excluded.modified,
           removed_at = NULL
         RETURNING rid, id`,
        [
          column((w) => w.id),
          column((w) => w.iri),
          column((w) => w.kind),
          column((w) => w.sourceId),
          column((w) => w.catalogId),
          column((w) => w.hash),
          column((w) => w.status),
          column((w) => w.issued),
          column((w) => w.modified),
        ],
      ));
    } catch (error) {
      throw await this.#explainWriteError(part, error);
    }
    const ridOf = new Map(rows.map((r) => [r.id, r.rid]));
    const rids = column((w) => ridOf.get(w.id)!);
    const graphs = column((w) => Buffer.from(w.graph, 'utf8'));
    // A first version that reads its graph from the body gets its own copy before the body changes.
    await client.query(
      `UPDATE record_versions v SET added = b.graph
       FROM unnest($1::bigint[], $2::bytea[]) AS t (rid, graph) JOIN record_bodies b ON b.rid = t.rid JOIN records r ON r.rid = t.rid
       WHERE v.record_id = r.id AND v.added = ''::bytea AND v.n_added > 0 AND b.graph <> t.graph`,
      [rids, graphs],
    );
    await client.query(
      `INSERT INTO record_bodies (rid, graph, validation)
       SELECT t.rid, t.graph, t.validation FROM unnest($1::bigint[], $2::bytea[], $3::text[]) AS t (rid, graph, validation)
       ON CONFLICT (rid) DO UPDATE SET graph = excluded.graph, validation = excluded.validation`,
      [rids, graphs, column((w) => (w.validation === null ? null : JSON.stringify(w.validation)))],
    );
    await this.#writeArtefacts(client, part, rids);
  }

  async replaceValidationReports(updates: readonly ValidationReplacement[]): Promise<string[]> {
    if (updates.length === 0) return [];
    return inTransaction(this.#pool, async (client) => {
      // Only rows still published at the hash judged (a harvest that wrote the record since wins); each id once (the last report).
      const last = new Map(updates.map((u) => [u.id, u]));
      const { rows } = await client.query<{ id: string }>(
        `UPDATE record_bodies b SET validation = t.validation
         FROM unnest($1::text[], $2::text[], $3::text[]) AS t (id, hash, validation), records r
         WHERE r.id = t.id AND r.hash = t.hash AND r.status = 'published' AND b.rid = r.rid
         RETURNING r.id`,
        [[...last.keys()], [...last.values()].map((u) => u.hash), [...last.values()].map((u) => JSON.stringify(u.validation))],
      );
      const order = new Map([...last.keys()].map((id, i) => [id, i]));
      const replaced = rows.map((r) => r.id).sort((a, b) => order.get(a)! - order.get(b)!);
      await this.#appendChanges(client, replaced, 'upsert');
      return replaced;
    });
  }

  /** Replaces the artefacts of the records written (in their transaction); bytes no record names any more are deleted. */
  async #writeArtefacts(client: pg.PoolClient, part: readonly RecordWrite[], rids: readonly string[]): Promise<void> {
    const { rows: before } = await client.query<{ hash: string }>('DELETE FROM record_artefacts WHERE rid = ANY($1::bigint[]) RETURNING hash', [rids]);
    for (const [i, w] of part.entries()) {
      for (const a of w.artefacts ?? []) {
        if (a.body !== undefined) {
          await client.query('INSERT INTO artefacts (hash, body) VALUES ($1, $2) ON CONFLICT (hash) DO NOTHING', [a.hash, a.body]);
        }
        // Linked only when the store keeps the bytes (a hash-only artefact whose bytes it never had is left out).
        await client.query(
          'INSERT INTO record_artefacts (rid, name, hash, media_type) SELECT $1, $2, hash, $4 FROM artefacts WHERE hash = $3 FOR KEY SHARE',
          [rids[i], a.name, a.hash, a.mediaType],
        );
      }
    }
    const hashes = [...new Set(before.map((r) => r.hash))];
    if (hashes.length > 0) {
      await client.query('DELETE FROM artefacts a WHERE a.hash = ANY($1::text[]) AND NOT EXISTS (SELECT 1 FROM record_artefacts x WHERE x.hash = a.hash)', [hashes]);
    }
  }

  async getArtefact(recordId: string, name: string): Promise<StoredArtefact | undefined> {
    const { rows } = await this.#pool.query<{ name: string; media_type: string; hash: string; body: Buffer }>(
      'SELECT a.name, a.media_type, a.hash, x.body FROM records r JOIN record_artefacts a USING (rid) JOIN artefacts x ON x.hash = a.hash WHERE r.id = $1 AND a.name = $2',
      [recordId, name],
    );
    const row = rows[0];
    return row === undefined ? undefined : { name: row.name, mediaType: row.media_type, hash: row.hash, body: row.body };
  }

  async artefactsOf(recordId: string): Promise<ArtefactSummary[]> {
    const { rows } = await this.#pool.query<{ name: string; media_type: string; hash: string; bytes: number }>(
      'SELECT a.name, a.media_type, a.hash, octet_length(x.body) AS bytes FROM records r JOIN record_artefacts a USING (rid) JOIN artefacts x ON x.hash = a.hash WHERE r.id = $1 ORDER BY a.name',
      [recordId],
    );
    return rows.map((r) => ({ name: r.name, mediaType: r.media_type, hash: r.hash, bytes: r.bytes }));
  }

  async markRemoved(ids: readonly string[], at: string, runId?: string, fence?: LeaseFence): Promise<void> {
    if (ids.length === 0) return;
    await inTransaction(this.#pool, async (client) => {
      await this.#checkFence(client, fence);
      const { rows: known } = await client.query<{ id: string }>('SELECT id FROM records WHERE id = ANY($1::text[])', [ids]);
      const found = new Set(known.map((r) => r.id));
      const unknown = [...new Set(ids.filter((id) => !found.has(id)))];
      if (unknown.length > 0) {
        throw new NotFoundError(`Cannot mark removed: no record with id ${unknown.slice(0, 5).join(', ')}${unknown.length > 5 ? ` (and ${unknown.length - 5} more)` : ''}.`);
      }
      const before = await this.#publicStates(client, [...new Set(ids)]);
      const { rows } = await client.query<{ id: string }>(
        "UPDATE records SET status = 'removed', removed_at = $1 WHERE id = ANY($2::text[]) AND status <> 'removed' RETURNING id",
        [at, ids],
      );
      const removed = new Set(rows.map((r) => r.id));
      const inOrder = [...new Set(ids)].filter((id) => removed.has(id));
      await this.#appendChanges(client, inOrder, 'remove');
      await this.#appendVersions(client, removals(inOrder, before, at, runId ?? null));
    });
  }

  async *publishedRecords(pageSize = DEFAULT_PAGE_SIZE, kinds?: readonly ResourceKind[]): AsyncIterable<StoredRecord[]> {
    if (!Number.isInteger(pageSize) || pageSize < 1) throw new Error(`pageSize must be a positive whole number, not ${pageSize}.`);
    let after = '';
    for (;;) {
      const { rows } = await this.#pool.query<RecordRow>(
        `SELECT ${RECORD_COLUMNS} FROM records r JOIN record_bodies b USING (rid) WHERE r.status = 'published' AND r.id > $1 AND ($3::text[] IS NULL OR r.kind = ANY($3::text[])) ORDER BY r.id LIMIT $2`,
        [after, pageSize, kinds === undefined ? null : [...kinds]],
      );
      if (rows.length === 0) return;
      after = rows[rows.length - 1]!.id;
      yield rows.map(recordFromRow);
      if (rows.length < pageSize) return;
    }
  }

  async countRecords(): Promise<Record<string, number>> {
    const out: Record<string, number> = Object.fromEntries(RECORD_STATUSES.map((status) => [status, 0]));
    const { rows } = await this.#pool.query<{ status: string; n: number }>('SELECT status, count(*)::int AS n FROM records GROUP BY status');
    for (const r of rows) out[r.status] = r.n;
    return out;
  }

  async countRecordsByKind(): Promise<{ kind: string; status: string; n: number }[]> {
    const { rows } = await this.#pool.query<{ kind: string; status: string; n: number }>('SELECT kind, status, count(*)::int AS n FROM records GROUP BY kind, status ORDER BY kind, status');
    return rows;
  }

  // --- change log ---

  async changesSince(afterSeq: number, limit: number): Promise<RecordChange[]> {
    const { rows } = await this.#pool.query<{ seq: string; record_id: string; op: RecordChange['op'] }>(
      'SELECT seq, record_id, op FROM changes WHERE seq > $1 ORDER BY seq LIMIT $2',
      [afterSeq, limit],
    );
    return rows.map((r) => ({ seq: Number(r.seq), id: r.record_id, op: r.op }));
  }

  async latestChangeSeq(): Promise<number> {
    const { rows } = await this.#pool.query<{ seq: string }>('SELECT COALESCE(max(seq), 0) AS seq FROM changes');
    return Number(rows[0]!.seq);
  }

  async getCursor(name: string): Promise<number> {
    const { rows } = await this.#pool.query<{ seq: string }>('SELECT seq FROM cursors WHERE name = $1', [name]);
    return rows[0] === undefined ? 0 : Number(rows[0].seq);
  }

  async setCursor(name: string, seq: number): Promise<void> {
    if (!Number.isSafeInteger(seq) || seq < 0) throw new Error(`Cursor ${name}: ${seq} is not a change sequence number.`);
    await this.#pool.query('INSERT INTO cursors (name, seq) VALUES ($1, $2) ON CONFLICT (name) DO UPDATE SET seq = excluded.seq', [name, seq]);
  }

  // --- history ---

  async recordVersions(recordId: string): Promise<RecordVersion[]> {
    const { rows } = await this.#pool.query<VersionRow>(`SELECT ${VERSION_COLUMNS} FROM record_versions WHERE record_id = $1 ORDER BY version`, [recordId]);
    return rows.map(versionFromRow);
  }

  async versionGraph(recordId: string, version: number): Promise<string | undefined> {
    if (!Number.isSafeInteger(version) || version < 1 || version > 2_147_483_647) return undefined;
    return new VersionReplay(await this.versionDeltas(recordId, version)).graphAt(version);
  }

  async versionDeltas(recordId: string, upTo: number, from: number = upTo): Promise<RecordVersionDelta[]> {
    if (!(upTo >= 1)) return [];
    const last = Math.min(Math.floor(upTo), 2_147_483_647);
    // From the last version at or before `from` that holds a whole graph (version-snapshots.ts).
    const { rows } = await this.#pool.query<VersionRow & { snapshot: Buffer | null }>(
      `SELECT ${VERSION_COLUMNS}, ${ADDED} AS added, removed, snapshot FROM record_versions v
       WHERE record_id = $1 AND version <= $2
         AND version >= COALESCE((SELECT max(version) FROM record_versions w WHERE w.record_id = $1 AND w.version <= $3 AND ${wholeVersionSql('w', 'w.base')}), 1)
       ORDER BY version`,
      [recordId, last, Math.max(1, Math.min(Math.floor(from), last))],
    );
    return rows.map((row, i) => (i === 0 ? replayStart(deltaFromRow(row), row.snapshot === null ? null : row.snapshot.toString('utf8')) : deltaFromRow(row)));
  }

  async versionsSince(afterSeq: number, limit: number): Promise<RecordVersionDelta[]> {
    const { rows } = await this.#pool.query<VersionRow>(`SELECT ${VERSION_COLUMNS}, ${ADDED} AS added, removed FROM record_versions v WHERE seq > $1 ORDER BY seq LIMIT $2`, [afterSeq, limit]);
    return rows.map(deltaFromRow);
  }

  async versionBounds(): Promise<{ first: number; last: number }> {
    const { rows } = await this.#pool.query<{ first: string | null; last: string | null }>('SELECT min(seq) AS first, max(seq) AS last FROM record_versions');
    return { first: Number(rows[0]!.first ?? 0), last: Number(rows[0]!.last ?? 0) };
  }

  async pruneVersions(before: string): Promise<number> {
    const { rows: ids } = await this.#pool.query<{ record_id: string }>('SELECT DISTINCT record_id FROM record_versions WHERE at < $1 ORDER BY record_id', [before]);
    let dropped = 0;
    for (let i = 0; i < ids.length; i += 200) {
      dropped += await inTransaction(this.#pool, async (client) => {
        let n = 0;
        for (const { record_id: recordId } of ids.slice(i, i + 200)) {
          const { rows } = await client.query<VersionRow>(
            `SELECT ${VERSION_COLUMNS}, ${ADDED} AS added, removed FROM record_versions v WHERE record_id = $1 AND at < $2 ORDER BY version FOR UPDATE`,
            [recordId, before],
          );
          const keep = rows[rows.length - 1];
          if (keep === undefined || (rows.length === 1 && keep.base)) continue;
          const graph = replayVersions(rows.map(deltaFromRow));
          const lines = graph === '\n' ? 0 : graph.split('\n').length - 1;
          await client.query("UPDATE record_versions SET base = true, added = $1, removed = ''::bytea, n_added = $2, n_removed = 0, snapshot = NULL, churn = 0 WHERE seq = $3", [Buffer.from(lines === 0 ? '' : graph, 'utf8'), lines, keep.seq]);
          n += (await client.query('DELETE FROM record_versions WHERE record_id = $1 AND version < $2', [recordId, keep.version])).rowCount ?? 0;
        }
        return n;
      });
    }
    return dropped;
  }

  // --- harvest leases ---
  // Every expiry is written and judged by PostgreSQL's clock (clock_timestamp()), never by a node's: nodes on
  // several machines never compare their clocks, and the callers' `now` is not used. A holder counts its own
  // time to live from when it sent the request (see WriterLease), which a server-side start only lengthens.

  async acquireLease(sourceId: string, holder: string, ttlMs: number, _now: number): Promise<boolean> {
    return inTransaction(this.#pool, async (client) => {
      await client.query('SELECT pg_advisory_xact_lock($1, $2)', this.#leaseLockKey(sourceId));
      const now = await databaseNow(client);
      const { rows } = await client.query<LeaseRow>('SELECT source_id, holder, node_key, expires_at FROM harvest_leases WHERE source_id = $1', [sourceId]);
      const current = rows[0];
      if (current !== undefined && current.holder !== holder && (await this.#leaseLive(client, current, now))) return false;
      await client.query(
        `INSERT INTO harvest_leases (source_id, holder, node, node_key, expires_at) VALUES ($1, $2, $3, $4, $5)
         ON CONFLICT (source_id) DO UPDATE SET holder = excluded.holder, node = excluded.node, node_key = excluded.node_key, expires_at = excluded.expires_at`,
        [sourceId, holder, this.#node, this.#session.key, now + ttlMs],
      );
      return true;
    });
  }

  /**
   * Refuses a fenced write (first in its transaction) unless the fence's holder still holds the source's lease
   * and the source is still registered. The transaction holds the lease's advisory lock shared until it ends, and
   * acquireLease and deleteSource take it exclusively: a lease is taken over, or the source removed, only between
   * fenced writes, never between one's check and its commit. Expiry alone does not refuse a write: until another
   * node takes the lease, no other run of the source writes.
   */
  async #checkFence(client: pg.PoolClient, fence: LeaseFence | undefined): Promise<void> {
    if (fence === undefined) return;
    await client.query('SELECT pg_advisory_xact_lock_shared($1, $2)', this.#leaseLockKey(fence.sourceId));
    // One round trip: this runs in every write transaction of a harvest.
    const { rows } = await client.query<{ registered: boolean; holder: string | null; node: string | null }>(
      'SELECT EXISTS (SELECT 1 FROM sources WHERE id = $1) AS registered, l.holder, l.node FROM (SELECT 1) AS one LEFT JOIN harvest_leases l ON l.source_id = $1',
      [fence.sourceId],
    );
    const { registered, holder, node } = rows[0]!;
    const refusal = fenceRefusal(fence, { registered, lease: holder === null ? undefined : { holder, where: `on ${node ?? 'an unknown node'}` } });
    if (refusal !== undefined) throw refusal;
  }

  /** The advisory lock of a source's harvest lease: taken by acquireLease and deleteSource, shared by fenced writes. */
  #leaseLockKey(sourceId: string): [number, number] {
    return advisoryKey(this.schema, `lease:${sourceId}`);
  }

  async renewLease(sourceId: string, holder: string, ttlMs: number, _now: number): Promise<boolean> {
    return inTransaction(this.#pool, async (client) => {
      // Not while this node's liveness lock is free: the other nodes count its harvest leases free then (as a node lease's renewal).
      if (!(await this.#ownLivenessHeld(client))) return false;
      const result = await client.query(`UPDATE harvest_leases SET expires_at = ${DATABASE_NOW_MS} + $1 WHERE source_id = $2 AND holder = $3`, [ttlMs, sourceId, holder]);
      return result.rowCount === 1;
    });
  }

  async releaseLease(sourceId: string, holder: string): Promise<void> {
    await this.#pool.query('DELETE FROM harvest_leases WHERE source_id = $1 AND holder = $2', [sourceId, holder]);
  }

  async leasedSources(_now: number): Promise<string[]> {
    return inTransaction(this.#pool, async (client) => {
      const now = await databaseNow(client);
      const { rows } = await client.query<LeaseRow>('SELECT source_id, holder, node_key, expires_at FROM harvest_leases ORDER BY source_id');
      const out: string[] = [];
      for (const lease of rows) if (await this.#leaseLive(client, lease, now)) out.push(lease.source_id);
      return out;
    });
  }

  // --- node leases (PostgreSQL's clock, as the harvest leases above) ---

  async acquireNodeLease(name: string, holder: string, ttlMs: number, _now: number): Promise<boolean> {
    return inTransaction(this.#pool, async (client) => {
      await client.query('SELECT pg_advisory_xact_lock($1, $2)', advisoryKey(this.schema, `node-lease:${name}`));
      const now = await databaseNow(client);
      const { rows } = await client.query<NodeLeaseRow>('SELECT name, holder, node, node_key, expires_at FROM node_leases WHERE name = $1', [name]);
      const current = rows[0];
      if (current !== undefined && current.holder !== holder && (await this.#leaseLive(client, current, now))) return false;
      // Never granted while this node's own liveness lock is free (its session dropped and has not reconnected):
      // other nodes count its leases dead then, so a renewal sent just before the drop must not confirm it.
      if (!(await this.#ownLivenessHeld(client))) return false;
      await client.query(
        `INSERT INTO node_leases (name, holder, node, node_key, expires_at) VALUES ($1, $2, $3, $4, $5)
         ON CONFLICT (name) DO UPDATE SET holder = excluded.holder, node = excluded.node, node_key = excluded.node_key, expires_at = excluded.expires_at`,
        [name, holder, this.#node, this.#session.key, now + ttlMs],
      );
      return true;
    });
  }

  async releaseNodeLease(name: string, holder: string): Promise<void> {
    await this.#pool.query('DELETE FROM node_leases WHERE name = $1 AND holder = $2', [name, holder]);
  }

  async nodeLeaseHolder(name: string, _now: number): Promise<{ holder: string; node: string } | undefined> {
    return inTransaction(this.#pool, async (client) => {
      const now = await databaseNow(client);
      const { rows } = await client.query<NodeLeaseRow>('SELECT name, holder, node, node_key, expires_at FROM node_leases WHERE name = $1', [name]);
      const current = rows[0];
      if (current === undefined || !(await this.#leaseLive(client, current, now))) return undefined;
      return { holder: current.holder, node: current.node };
    });
  }

  /** Calls `listener` when this node's liveness lock is lost (its session connection dropped): other nodes may take its leases from then on. */
  watchLiveness(listener: () => void): () => void {
    return this.#session.watchLost(listener);
  }

  /** Whether this node's liveness lock is held by its session now (seen from another connection: taking it must fail). */
  async #ownLivenessHeld(client: pg.PoolClient): Promise<boolean> {
    // A session known lost counts as gone at once: its ended backend may hold the lock a moment longer (CI saw a
    // renewal confirmed just after the loss was told to the node).
    if (!this.#session.connected) return false;
    const free = await client.query<{ free: boolean }>('SELECT pg_try_advisory_xact_lock($1, $2) AS free', [this.#session.lockClass, this.#session.key]);
    return !free.rows[0]!.free;
  }

  /** A lease counts until it expires (by PostgreSQL's clock, `now`), and not after its node is gone (its liveness lock is free). */
  async #leaseLive(client: pg.PoolClient, lease: { node_key: number; expires_at: string }, now: number): Promise<boolean> {
    if (Number(lease.expires_at) <= now) return false;
    if (lease.node_key === this.#session.key) return true;
    const free = await client.query<{ free: boolean }>('SELECT pg_try_advisory_xact_lock($1, $2) AS free', [this.#session.lockClass, lease.node_key]);
    return !free.rows[0]!.free;
  }

  // --- access ---

  async saveToken(token: ApiToken): Promise<void> {
    await this.#pool.query('INSERT INTO api_tokens (id, hash, created_at, data) VALUES ($1, $2, $3, $4) ON CONFLICT (id) DO UPDATE SET data = excluded.data', [
      token.id,
      token.hash,
      token.createdAt,
      JSON.stringify(token),
    ]);
  }

  async getToken(id: string): Promise<ApiToken | undefined> {
    const { rows } = await this.#pool.query<{ data: string }>('SELECT data::text AS data FROM api_tokens WHERE id = $1', [id]);
    return rows[0] === undefined ? undefined : (JSON.parse(rows[0].data) as ApiToken);
  }

  async getTokenByHash(hash: string): Promise<ApiToken | undefined> {
    const { rows } = await this.#pool.query<{ data: string }>('SELECT data::text AS data FROM api_tokens WHERE hash = $1', [hash]);
    return rows[0] === undefined ? undefined : (JSON.parse(rows[0].data) as ApiToken);
  }

  async listTokens(): Promise<ApiToken[]> {
    const { rows } = await this.#pool.query<{ data: string }>('SELECT data::text AS data FROM api_tokens ORDER BY created_at, id');
    return rows.map((r) => JSON.parse(r.data) as ApiToken);
  }

  async revokeToken(id: string, at: string): Promise<ApiToken | undefined> {
    // Only the first revocation sets the date; the row is read back either way.
    const { rows } = await this.#pool.query<{ data: string }>(
      `UPDATE api_tokens SET data = CASE WHEN data ? 'revokedAt' THEN data ELSE jsonb_set(data, '{revokedAt}', to_jsonb($2::text)) END
       WHERE id = $1 RETURNING data::text AS data`,
      [id, at],
    );
    return rows[0] === undefined ? undefined : (JSON.parse(rows[0].data) as ApiToken);
  }

  async touchToken(id: string, at: string): Promise<void> {
    await this.#pool.query("UPDATE api_tokens SET data = jsonb_set(data, '{lastUsedAt}', to_jsonb($2::text)) WHERE id = $1", [id, at]);
  }

  async appendAudit(entry: NewAuditEntry): Promise<AuditEntry> {
    const { rows } = await this.#pool.query<{ seq: string }>('INSERT INTO audit_log (at, data) VALUES ($1, $2) RETURNING seq', [entry.at, JSON.stringify(entry)]);
    return { ...entry, seq: Number(rows[0]!.seq) };
  }

  async listAudit(filter: { limit: number; beforeSeq?: number }): Promise<AuditEntry[]> {
    const { rows } = await this.#pool.query<{ seq: string; data: string }>('SELECT seq, data::text AS data FROM audit_log WHERE seq < $1 ORDER BY seq DESC LIMIT $2', [
      filter.beforeSeq ?? Number.MAX_SAFE_INTEGER,
      filter.limit,
    ]);
    return rows.map((r) => ({ ...(JSON.parse(r.data) as NewAuditEntry), seq: Number(r.seq) }));
  }

  // --- organisation register cache ---

  async getCachedOrganisation(organisationNumber: string): Promise<{ readonly data: string; readonly fetchedAt: string } | undefined> {
    const { rows } = await this.#pool.query<{ data: string; fetched_at: string }>('SELECT data, fetched_at FROM organisations WHERE organisation_number = $1', [organisationNumber]);
    return rows[0] === undefined ? undefined : { data: rows[0].data, fetchedAt: rows[0].fetched_at };
  }

  async cacheOrganisation(organisationNumber: string, data: string, fetchedAt: string): Promise<void> {
    await this.#pool.query(
      'INSERT INTO organisations (organisation_number, fetched_at, data) VALUES ($1, $2, $3) ON CONFLICT (organisation_number) DO UPDATE SET fetched_at = excluded.fetched_at, data = excluded.data',
      [organisationNumber, fetchedAt, data],
    );
  }

  // --- URL checker results ---

  async getUrlChecks(urls: readonly string[]): Promise<Map<string, UrlCheck>> {
    const out = new Map<string, UrlCheck>();
    if (urls.length === 0) return out;
    const { rows } = await this.#pool.query<{ url: string; checked_at: string; status: number; media_type: string | null; error: string | null }>(
      'SELECT url, checked_at, status, media_type, error FROM url_checks WHERE url = ANY($1::text[])',
      [urls],
    );
    for (const r of rows) out.set(r.url, { url: r.url, status: r.status, mediaType: r.media_type, error: r.error, checkedAt: r.checked_at });
    return out;
  }

  async saveUrlChecks(checks: readonly UrlCheck[]): Promise<void> {
    if (checks.length === 0) return;
    const latest = [...new Map(checks.map((c) => [c.url, c])).values()]; // one row per URL in one statement
    await this.#pool.query(
      `INSERT INTO url_checks (url, checked_at, status, media_type, error)
       SELECT * FROM unnest($1::text[], $2::text[], $3::int[], $4::text[], $5::text[])
       ON CONFLICT (url) DO UPDATE SET checked_at = excluded.checked_at, status = excluded.status, media_type = excluded.media_type, error = excluded.error`,
      [latest.map((c) => c.url), latest.map((c) => c.checkedAt), latest.map((c) => c.status), latest.map((c) => c.mediaType), latest.map((c) => c.error)],
    );
  }

  async close(): Promise<void> {
    if (this.#closed) return;
    this.#closed = true;
    await this.#session.close();
    await this.#pool.end();
  }

  // --- helpers ---

  /**
   * Appends change-log entries in the given order, last thing before commit, under the change-log
   * lock: writers append one at a time and hold the lock until their commit, so seq order is commit
   * order. The notification goes out at commit (PostgreSQL delivers NOTIFY only then, once per transaction).
   */
  async #appendChanges(client: pg.PoolClient, ids: readonly string[], op: RecordChange['op']): Promise<void> {
    if (ids.length === 0) return;
    await client.query('SELECT pg_advisory_xact_lock($1, $2)', this.#changeLogLock);
    await client.query('INSERT INTO changes (record_id, op) SELECT t.id, $2 FROM unnest($1::text[]) WITH ORDINALITY AS t (id, n) ORDER BY t.n', [ids, op]);
    await client.query('SELECT pg_notify($1, $2)', [this.#session.channel, '']);
  }

  /** The public graph (null when not published) of each record that exists, with what a version names. */
  async #publicStates(client: pg.PoolClient, ids: readonly string[]): Promise<Map<string, PublicState>> {
    if (ids.length === 0) return new Map();
    const { rows } = await client.query<{ id: string; status: string; kind: ResourceKind; iri: string; source_id: string; graph: Buffer }>(
      'SELECT r.id, r.status, r.kind, r.iri, r.source_id, b.graph FROM records r JOIN record_bodies b USING (rid) WHERE r.id = ANY($1::text[])',
      [ids],
    );
    return new Map(rows.map((r) => [r.id, { kind: r.kind, iri: r.iri, sourceId: r.source_id, graph: r.status === 'published' ? r.graph.toString('utf8') : null }]));
  }

  /**
   * Appends the versions writes and removals make, in order, inside their transaction and after
   * #appendChanges (so under the change-log lock: seq order is commit order). A version's time is never
   * earlier than the last entry's. Nothing for a write that leaves the public graph as it was.
   */
  async #appendVersions(client: pg.PoolClient, pending: readonly PendingVersion[]): Promise<void> {
    const real = pending.filter((p) => !(p.prev === null && p.next === null) && p.prev !== p.next);
    if (real.length === 0) return;
    await client.query('SELECT pg_advisory_xact_lock($1, $2)', this.#changeLogLock);
    const { rows: lastRows } = await client.query<{ at: string }>('SELECT at FROM record_versions ORDER BY seq DESC LIMIT 1');
    let lastAt = lastRows[0]?.at;
    const { rows: numbers } = await client.query<{ record_id: string; v: number; churn: number }>(
      'SELECT DISTINCT ON (record_id) record_id, version AS v, churn FROM record_versions WHERE record_id = ANY($1::text[]) ORDER BY record_id, version DESC',
      [[...new Set(real.map((p) => p.id))]],
    );
    const lastOf = new Map(numbers.map((r) => [r.record_id, { version: r.v, churn: r.churn }]));
    const cols: unknown[][] = Array.from({ length: 14 }, () => []);
    for (const p of real) {
      const op: VersionOp = p.prev === null ? 'add' : p.next === null ? 'remove' : 'change';
      const before = lastOf.get(p.id);
      const version = (before?.version ?? 0) + 1;
      const at = lastAt !== undefined && lastAt > p.at ? lastAt : p.at;
      lastAt = at;
      // A first version (or a return) of canonical text is the body's graph: the row keeps no copy (first-version-text.ts).
      const bodyLines = op === 'add' && p.inBody === true ? canonicalLineCount(p.next!) : -1;
      if (bodyLines > 0) {
        lastOf.set(p.id, { version, churn: 0 });
        [p.id, version, op, at, p.runId, p.kind, p.iri, p.sourceId, EMPTY, EMPTY, bodyLines, 0, null, 0].forEach((v, i) => cols[i]!.push(v));
        continue;
      }
      const { added, removed } = graphDelta(p.prev ?? '', p.next ?? '');
      const text = (lines: string[]): Buffer => Buffer.from(lines.length === 0 ? '' : `${lines.join('\n')}\n`, 'utf8');
      // A change past the last whole graph by more lines than its graph has keeps that graph too (version-snapshots.ts).
      const { snapshot, churn } = op === 'change' ? changeSnapshot(before?.churn ?? 0, added.length, removed.length, p.next!) : { snapshot: null, churn: 0 };
      lastOf.set(p.id, { version, churn });
      [p.id, version, op, at, p.runId, p.kind, p.iri, p.sourceId, text(added), text(removed), added.length, removed.length, snapshot === null ? null : Buffer.from(snapshot, 'utf8'), churn].forEach((v, i) => cols[i]!.push(v));
    }
    await client.query(
      `INSERT INTO record_versions (record_id, version, op, at, run_id, kind, iri, source_id, added, removed, n_added, n_removed, snapshot, churn)
       SELECT t.r, t.v, t.op, t.at, t.run, t.kind, t.iri, t.src, t.added, t.removed, t.na, t.nr, t.snapshot, t.churn
       FROM unnest($1::text[], $2::int[], $3::text[], $4::text[], $5::text[], $6::text[], $7::text[], $8::text[], $9::bytea[], $10::bytea[], $11::int[], $12::int[], $13::bytea[], $14::int[])
         WITH ORDINALITY AS t (r, v, op, at, run, kind, iri, src, added, removed, na, nr, snapshot, churn, n)
       ORDER BY t.n`,
      cols,
    );
  }

  async #explainWriteError(part: readonly RecordWrite[], error: unknown): Promise<unknown> {
    const e = error as { code?: string; constraint?: string; detail?: string };
    if (e.code === UNIQUE_VIOLATION && e.constraint === 'records_iri_key') {
      // detail: Key (iri)=(https://…) already exists.
      const iri = /^Key \(iri\)=\((.*)\) already exists\.$/s.exec(e.detail ?? '')?.[1];
      const w = part.find((x) => x.iri === iri) ?? part[0]!;
      const holder = await this.#pool
        .query<{ id: string }>('SELECT id FROM records WHERE iri = $1', [w.iri])
        .then((r) => r.rows[0]?.id)
        .catch(() => undefined);
      const other = holder ?? part.find((x) => x.iri === w.iri && x.id !== w.id)?.id;
      return new ConflictError(`Record ${w.id} cannot take IRI ${w.iri}: record ${other ?? '(unknown)'} already holds it.`, {}, { cause: error });
    }
    return error;
  }
}

function stateFromRow(row: StateRow): RecordState {
  return {
    id: row.id,
    iri: row.iri,
    kind: row.kind as ResourceKind,
    sourceId: row.source_id,
    catalogId: row.catalog_id,
    hash: row.hash,
    status: row.status as RecordStatus,
    issued: row.issued,
    modified: row.modified,
    removedAt: row.removed_at,
  };
}

function recordFromRow(row: RecordRow): StoredRecord {
  return { ...stateFromRow(row), graph: row.graph.toString('utf8'), validation: row.validation === null ? null : (JSON.parse(row.validation) as ValidationReport) };
}

interface PublicState {
  readonly kind: ResourceKind;
  readonly iri: string;
  readonly sourceId: string;
  /** The public graph; null when the record is not published. */
  readonly graph: string | null;
}

interface PendingVersion {
  readonly id: string;
  readonly kind: ResourceKind;
  readonly iri: string;
  readonly sourceId: string;
  readonly prev: string | null;
  readonly next: string | null;
  readonly at: string;
  readonly runId: string | null;
  /** `next` is the record's body after the write (the batch's last write of it): a first version may read it from there. */
  readonly inBody?: boolean;
}

/** The `remove` versions of records that were published before they were marked removed. */
function removals(ids: readonly string[], before: ReadonlyMap<string, PublicState>, at: string, runId: string | null): PendingVersion[] {
  const out: PendingVersion[] = [];
  for (const id of ids) {
    const b = before.get(id);
    if (b !== undefined && b.graph !== null) out.push({ id, kind: b.kind, iri: b.iri, sourceId: b.sourceId, prev: b.graph, next: null, at, runId });
  }
  return out;
}

interface NodeLeaseRow {
  name: string;
  holder: string;
  node: string;
  node_key: number;
  expires_at: string;
}

interface LeaseRow {
  source_id: string;
  holder: string;
  node_key: number;
  expires_at: string;
}

const VERSION_COLUMNS = 'seq, record_id, version, op, at, run_id, kind, iri, source_id, n_added, n_removed, base';
/** A version row's `added` text (row `v`): its own, or its record's body for a first version that keeps none (first-version-text.ts). */
const ADDED = versionAddedSql('v', "''::bytea");
const EMPTY = Buffer.alloc(0);

interface VersionRow {
  seq: string;
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
  base: boolean;
  /** UTF-8 bytes of the N-Triples lines (text cannot hold U+0000). */
  added?: Buffer;
  removed?: Buffer;
}

function versionFromRow(r: VersionRow): RecordVersion {
  return { seq: Number(r.seq), recordId: r.record_id, version: r.version, op: r.op, at: r.at, runId: r.run_id, kind: r.kind, iri: r.iri, sourceId: r.source_id, added: r.n_added, removed: r.n_removed };
}

function deltaFromRow(r: VersionRow): RecordVersionDelta {
  return { ...versionFromRow(r), addedTriples: r.added?.toString('utf8') ?? '', removedTriples: r.removed?.toString('utf8') ?? '', base: r.base };
}

/** Splits a batch into consecutive parts in which no record id appears twice. */
function withoutRepeatedIds(batch: readonly RecordWrite[]): RecordWrite[][] {
  const parts: RecordWrite[][] = [[]];
  let seen = new Set<string>();
  for (const w of batch) {
    if (seen.has(w.id)) {
      parts.push([]);
      seen = new Set();
    }
    seen.add(w.id);
    parts[parts.length - 1]!.push(w);
  }
  return parts.filter((p) => p.length > 0);
}

function unknownSource(error: unknown, sourceId: string, action: string): unknown {
  if ((error as { code?: string }).code === FOREIGN_KEY_VIOLATION) return new NotFoundError(`Cannot ${action}: no source with id ${sourceId}.`, {}, { cause: error });
  return error;
}
