import pg from 'pg';
import { afterAll, describe, expect, it, vi } from 'vitest';
import type { RecordWrite } from '../../src/core/catalog-record.js';
import { silentLogger } from '../../src/core/ports/logger.js';
import type { ProjectedRecord, Projection } from '../../src/projection/projection.js';
import { Projector } from '../../src/projection/projector.js';
import { WriterLease } from '../../src/projection/writer-lease.js';
import { nodeLockClass } from '../../src/postgres/advisory-keys.js';
import { PostgresStore } from '../../src/store/postgres/postgres-store.js';
import { syntheticRecord } from '../search/fixtures/synthetic-records.js';
import { dropTestSchemas, freshSchema, POSTGRES_SKIP_REASON, TEST_DATABASE_URL } from '../support/postgres.js';

// Several nodes on one PostgreSQL: exactly one (the holder of the projection writer lease) applies the change
// log to a shared index; the others apply nothing to it and report its lag from the shared cursor. When the
// holder dies (its connection, and with it its liveness lock, is gone) the next node to look takes the lease
// and resumes from the cursor: every change after it is applied once, none before it again.

/** A shared index that records which record ids each node applied to it. */
class RecordingProjection implements Projection {
  readonly name = 'sparql';
  readonly persistent = true;
  readonly shared = true;
  readonly applied: string[] = [];
  rebuilds = 0;
  /** The index asks for a rebuild when the node starts (new, or written by another version). */
  constructor(readonly needsRebuild = false) {}
  async apply(changes: readonly ProjectedRecord[], _signal?: AbortSignal): Promise<void> {
    for (const c of changes) this.applied.push(c.id);
  }
  async rebuild(): Promise<void> {
    this.rebuilds += 1;
  }
}

function records(from: number, count: number): RecordWrite[] {
  return Array.from({ length: count }, (_, i) => {
    const { status: _s, removedAt: _r, ...rest } = syntheticRecord(from + i, 7).record;
    return { ...rest, status: 'published' as const };
  });
}

interface Node {
  readonly store: PostgresStore;
  readonly index: RecordingProjection;
  readonly projector: Projector;
  readonly lease: WriterLease;
}

async function startNode(schema: string, reconnectDelayMs?: number, needsRebuild = false): Promise<Node> {
  const store = await PostgresStore.open({ url: TEST_DATABASE_URL!, schema, logger: silentLogger, ...(reconnectDelayMs !== undefined ? { reconnectDelayMs } : {}) });
  const index = new RecordingProjection(needsRebuild);
  // No poll: each pass is the test's own sync(), so what each node applies is exactly what the test asked for.
  const lease: WriterLease = new WriterLease(store, silentLogger, 60_000, () => projector.nudge());
  const projector: Projector = new Projector(store, [index], silentLogger, 0, lease);
  await projector.start();
  return { store, index, projector, lease };
}

/** Ends the session connection of the node holding the lease `name` from PostgreSQL's side (as when it is cut off). */
async function endSessionOfHolder(schema: string, name: string): Promise<void> {
  const admin = new pg.Client({ connectionString: TEST_DATABASE_URL! });
  await admin.connect();
  try {
    const { rows } = await admin.query<{ node_key: number }>(`SELECT node_key FROM "${schema}".node_leases WHERE name = $1`, [name]);
    const ended = await admin.query(
      "SELECT pg_terminate_backend(pid) FROM pg_locks WHERE locktype = 'advisory' AND classid = $1::bigint::oid AND objid = $2::bigint::oid AND objsubid = 2",
      [nodeLockClass(schema) >>> 0, rows[0]!.node_key >>> 0],
    );
    if (ended.rowCount !== 1) throw new Error(`no session holds the liveness lock of ${name}'s holder`);
  } finally {
    await admin.end();
  }
}

afterAll(() => dropTestSchemas());

describe.skipIf(TEST_DATABASE_URL === undefined)('the projection writer lease (PostgreSQL)', () => {
  it('lets one node write the shared index; when it dies the other resumes from the cursor, losing and repeating nothing', async () => {
    const schema = freshSchema('lease');
    const a = await startNode(schema);
    const b = await startNode(schema);
    expect([a.projector.writesShared, b.projector.writesShared]).toEqual([true, false]);

    const first = records(0, 30);
    await a.store.writeRecords(first);
    await a.projector.sync();
    await b.projector.sync();
    expect(a.index.applied.sort()).toEqual(first.map((r) => r.id).sort());
    expect(b.index.applied).toEqual([]);
    // The other node reports the shared index's lag from the writer's cursor.
    expect(await b.projector.lag()).toEqual({ sparql: 0 });

    // A commit the writer has not applied yet, then the writer dies: its sessions end without releasing the lease
    // (a lease row with 60 s to live is left behind, but its liveness lock is gone).
    const second = records(30, 20);
    await b.store.writeRecords(second);
    await a.store.close();
    expect(await b.projector.lag()).toEqual({ sparql: 20 });

    // The survivor's next pass takes the lease at once (not after the 60 s) and applies exactly what the dead writer had not.
    await b.projector.sync();
    expect(b.projector.writesShared).toBe(true);
    expect(b.index.applied.sort()).toEqual(second.map((r) => r.id).sort());
    expect(await b.projector.lag()).toEqual({ sparql: 0 });
    expect(await b.store.getCursor('sparql')).toBe(await b.store.latestChangeSeq());

    await a.projector.close();
    await b.projector.close();
    await b.store.close();
  });

  it('rebuilds a shared index that asks for it at the start of the node holding the lease, and never at another node\'s', async () => {
    const schema = freshSchema('lease');
    const a = await startNode(schema, undefined, true);
    const b = await startNode(schema, undefined, true);
    try {
      expect([a.projector.writesShared, b.projector.writesShared]).toEqual([true, false]);
      expect([a.index.rebuilds, b.index.rebuilds]).toEqual([1, 0]);
      expect([[...a.projector.rebuiltAtStart], [...b.projector.rebuiltAtStart]]).toEqual([['sparql'], []]);
    } finally {
      for (const n of [a, b]) {
        await n.projector.close();
        await n.store.close();
      }
    }
  });

  it('cuts off the shared writes in hand when the node shuts down, leaving the batch (its cursor unmoved) to the next holder', async () => {
    const schema = freshSchema('lease');
    const a = await startNode(schema);
    let writing!: () => void;
    const started = new Promise<void>((resolve) => (writing = resolve));
    // A shared index that takes as long as its signal lets it (a SPARQL server far behind).
    a.index.apply = async (_changes: readonly ProjectedRecord[], signal?: AbortSignal) => {
      writing();
      await new Promise<void>((_resolve, reject) => signal!.addEventListener('abort', () => reject(signal!.reason as Error)));
    };
    await a.store.writeRecords(records(0, 10));
    const synced = a.projector.sync().catch((error: unknown) => error);
    await started;
    await a.projector.close();
    expect(await synced).toBeInstanceOf(Error);
    expect(await a.store.getCursor('sparql')).toBe(0);
    const b = await startNode(schema);
    try {
      await b.projector.sync();
      expect(b.index.applied).toHaveLength(10);
    } finally {
      await b.projector.close();
      await b.store.close();
      await a.store.close();
    }
  });

  it('stops a writer that loses its PostgreSQL session at once, not at its next renewal, and lets the other take over', async () => {
    const schema = freshSchema('lease');
    // The writer's session waits a minute before reconnecting: the test looks at the time it is cut off.
    const a = await startNode(schema, 60_000);
    const b = await startNode(schema);
    expect([a.projector.writesShared, b.projector.writesShared]).toEqual([true, false]);
    await a.store.writeRecords(records(0, 10));
    await a.projector.sync();
    const signal = a.lease.signal!;
    const aborted = new Promise<void>((resolve) => signal.addEventListener('abort', () => resolve()));

    // PostgreSQL ends the writer's session (its liveness lock goes with it); the node process lives on, with its
    // lease row still 60 s from expiry and its pool connections working.
    await endSessionOfHolder(schema, 'projection-writer');
    await aborted;
    expect(a.projector.writesShared).toBe(false);

    // A change committed now is written by the other node, which takes the lease at once; the cut-off writer's
    // pass writes nothing to the shared index (its renewal is refused while its liveness is gone).
    const later = records(10, 5);
    await b.store.writeRecords(later);
    await a.projector.sync();
    expect(a.projector.writesShared).toBe(false);
    await b.projector.sync();
    expect(b.projector.writesShared).toBe(true);
    expect(b.index.applied.sort()).toEqual(later.map((r) => r.id).sort());
    expect(a.index.applied.filter((id) => later.some((r) => r.id === id))).toEqual([]);
    expect(await b.projector.lag()).toEqual({ sparql: 0 });

    await a.projector.close();
    await b.projector.close();
    await a.store.close();
    await b.store.close();
  });
});

// Without a server only this placeholder shows, saying how to start one; with one, the suite above runs and nothing here is skipped.
if (TEST_DATABASE_URL === undefined) {
  describe('the projection writer lease', () => {
    it.skip(POSTGRES_SKIP_REASON, () => {});
  });
}

describe('a writer that stops renewing', () => {
  it('counts its lease lost on its own clock before it could expire, and aborts its writes', async () => {
    vi.useFakeTimers();
    try {
      let answer: () => Promise<boolean> = async () => true;
      const store = { acquireNodeLease: () => answer(), releaseNodeLease: async () => {}, watchLiveness: () => () => {} };
      const lease = new WriterLease(store, silentLogger, 10_000);
      expect(await lease.tryHold()).toBe(true);
      const signal = lease.signal!;
      // The store stops answering (a hung connection): no renewal is confirmed.
      answer = () => new Promise<boolean>(() => {});
      void lease.tryHold();
      await vi.advanceTimersByTimeAsync(7_999);
      expect([lease.held, signal.aborted]).toEqual([true, false]);
      // A fifth of the time to live before the lease could expire in the store, this node stops writing.
      await vi.advanceTimersByTimeAsync(1);
      expect([lease.held, signal.aborted]).toEqual([false, true]);
      expect(lease.signal).toBeUndefined();
    } finally {
      vi.useRealTimers();
    }
  });

  it('stops writing when a renewal finds another node holding the lease', async () => {
    let holds = true;
    const store = { acquireNodeLease: async () => holds, releaseNodeLease: async () => {}, watchLiveness: () => () => {} };
    const lease = new WriterLease(store, silentLogger, 10_000);
    expect(await lease.tryHold()).toBe(true);
    const signal = lease.signal!;
    holds = false;
    expect(await lease.tryHold()).toBe(false);
    expect([lease.held, signal.aborted]).toEqual([false, true]);
    await lease.close();
  });

  it('stops writing at once when the store says its liveness is lost, and writes again once a renewal confirms the lease', async () => {
    const lost = new Set<() => void>();
    let holds = true;
    const store = {
      acquireNodeLease: async () => holds,
      releaseNodeLease: async () => {},
      watchLiveness: (listener: () => void) => {
        lost.add(listener);
        return () => lost.delete(listener);
      },
    };
    const lease = new WriterLease(store, silentLogger, 60_000);
    expect(await lease.tryHold()).toBe(true);
    const signal = lease.signal!;
    const term = lease.term;
    for (const listener of lost) listener();
    expect([lease.held, signal.aborted]).toEqual([false, true]);
    // Back (the session reconnected and nobody took the lease meanwhile): a new term, so the cursors are read again.
    expect(await lease.tryHold()).toBe(true);
    expect(lease.term).toBe(term + 1);
    holds = false;
    await lease.close();
    expect(lost.size).toBe(0);
  });
});
