import { afterAll, describe, expect, it, vi } from 'vitest';
import type { RecordWrite } from '../../src/core/catalog-record.js';
import { silentLogger } from '../../src/core/ports/logger.js';
import type { ProjectedRecord, Projection } from '../../src/projection/projection.js';
import { Projector } from '../../src/projection/projector.js';
import { WriterLease } from '../../src/projection/writer-lease.js';
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
  async apply(changes: readonly ProjectedRecord[]): Promise<void> {
    for (const c of changes) this.applied.push(c.id);
  }
  async rebuild(): Promise<void> {}
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
}

async function startNode(schema: string): Promise<Node> {
  const store = await PostgresStore.open({ url: TEST_DATABASE_URL!, schema, logger: silentLogger });
  const index = new RecordingProjection();
  // No poll: each pass is the test's own sync(), so what each node applies is exactly what the test asked for.
  const lease: WriterLease = new WriterLease(store, silentLogger, 60_000, () => projector.nudge());
  const projector: Projector = new Projector(store, [index], silentLogger, 0, lease);
  await projector.start();
  return { store, index, projector };
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
});

describe.skipIf(TEST_DATABASE_URL !== undefined)('the projection writer lease', () => {
  it.skip(POSTGRES_SKIP_REASON, () => {});
});

describe('a writer that stops renewing', () => {
  it('counts its lease lost on its own clock before it could expire, and aborts its writes', async () => {
    vi.useFakeTimers();
    try {
      let answer: () => Promise<boolean> = async () => true;
      const store = { acquireNodeLease: () => answer(), releaseNodeLease: async () => {} };
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
    const store = { acquireNodeLease: async () => holds, releaseNodeLease: async () => {} };
    const lease = new WriterLease(store, silentLogger, 10_000);
    expect(await lease.tryHold()).toBe(true);
    const signal = lease.signal!;
    holds = false;
    expect(await lease.tryHold()).toBe(false);
    expect([lease.held, signal.aborted]).toEqual([false, true]);
    await lease.close();
  });
});
