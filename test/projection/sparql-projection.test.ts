import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import type { RecordWrite } from '../../src/core/catalog-record.js';
import { silentLogger } from '../../src/core/ports/logger.js';
import type { GraphReplacement, SparqlIndex, SparqlIndexStatus, SparqlQueryResult } from '../../src/core/ports/sparql-index.js';
import type { ProjectedRecord } from '../../src/projection/projection.js';
import { Projector } from '../../src/projection/projector.js';
import { SparqlProjection } from '../../src/projection/sparql-projection.js';
import { SqliteStore } from '../../src/store/sqlite/sqlite-store.js';
import { syntheticRecord } from '../search/fixtures/synthetic-records.js';

const root = mkdtempSync(path.join(tmpdir(), 'sparql-projection-'));
afterAll(() => rmSync(root, { recursive: true, force: true }));

/** An index whose applies end when the test says: each call waits in `calls` until resolved or failed. */
class HeldIndex implements SparqlIndex {
  readonly calls: { graphs: readonly GraphReplacement[]; done: () => void; fail: (e: Error) => void; ended: boolean }[] = [];
  constructor(readonly persistent: boolean) {}
  apply(changes: readonly GraphReplacement[]): Promise<void> {
    return new Promise<void>((resolve, reject) => {
      const call = { graphs: changes, ended: false, done: () => ((call.ended = true), resolve()), fail: (e: Error) => ((call.ended = true), reject(e)) };
      this.calls.push(call);
    });
  }
  rebuild(): Promise<void> {
    return Promise.resolve();
  }
  query(): Promise<SparqlQueryResult> {
    throw new Error('not asked');
  }
  size(): Promise<number> {
    return Promise.resolve(0);
  }
  status(): SparqlIndexStatus {
    return { state: 'ready', quads: 0, engines: { ready: 1, loading: 0, busy: 0 }, queued: 0 };
  }
  close(): Promise<void> {
    return Promise.resolve();
  }
}

function records(from: number, count: number): RecordWrite[] {
  return Array.from({ length: count }, (_, i) => {
    const { status: _s, removedAt: _r, ...rest } = syntheticRecord(from + i, 3).record;
    return { ...rest, status: 'published' as const };
  });
}
const asChanges = (writes: readonly RecordWrite[]): ProjectedRecord[] => writes.map((w) => ({ id: w.id, record: { ...w, status: 'published' } as ProjectedRecord['record'] }));
const settle = (): Promise<void> => new Promise((resolve) => setTimeout(resolve, 20));
/** Checks that `promise` has not resolved after a pause; then `release`s what holds it and awaits it. */
async function heldUntil(promise: Promise<unknown>, release: () => void): Promise<void> {
  let resolved = false;
  const watched = promise.then(() => (resolved = true));
  await settle();
  expect(resolved).toBe(false);
  release();
  await watched;
}

describe('SparqlProjection', () => {
  it('into the embedded index: apply() returns while the replicas load the batch; the next waits for it, settled() for the last', async () => {
    const index = new HeldIndex(false);
    const projection = new SparqlProjection(index, 'https://katalog.example.no');
    let firstReturned = false;
    await projection.apply(asChanges(records(0, 2))).then(() => (firstReturned = true));
    expect(firstReturned).toBe(true);
    expect(index.calls).toHaveLength(1);
    expect(index.calls[0]!.ended).toBe(false); // returned before the index held it

    await heldUntil(projection.apply(asChanges(records(2, 2))), () => {
      expect(index.calls).toHaveLength(2); // sent at once, returned only once the first is in
      index.calls[0]!.done();
    });
    await heldUntil(projection.settled(), () => index.calls[1]!.done());
  });

  it("throws a batch's failure from the next apply() or from settled()", async () => {
    const index = new HeldIndex(false);
    const projection = new SparqlProjection(index, 'https://katalog.example.no');
    await projection.apply(asChanges(records(0, 1)));
    index.calls[0]!.fail(new Error('graph 0 could not be loaded'));
    await expect(projection.apply(asChanges(records(1, 1)))).rejects.toThrow('graph 0 could not be loaded');
    index.calls[1]!.fail(new Error('graph 1 could not be loaded'));
    await expect(projection.settled()).rejects.toThrow('graph 1 could not be loaded');
    await expect(projection.settled()).resolves.toBeUndefined(); // nothing under way any more
  });

  it('into a SPARQL server (persistent: its cursor is kept in the store): apply() returns only once the server holds the batch', async () => {
    const index = new HeldIndex(true);
    const projection = new SparqlProjection(index, 'https://katalog.example.no');
    await heldUntil(projection.apply(asChanges(records(0, 1))), () => index.calls[0]!.done());
  });

  it("Projector.sync() resolves only once the embedded index holds the pass's last batch", async () => {
    const index = new HeldIndex(false);
    const store = SqliteStore.open({ dataDir: path.join(root, 'sync') });
    const projector = new Projector(store, [new SparqlProjection(index, 'https://katalog.example.no')], silentLogger, 0);
    try {
      await projector.start(new Map([['sparql', 0]]));
      await store.writeRecords(records(0, 3));
      const sync = projector.sync();
      while (index.calls.length === 0) await settle();
      await heldUntil(sync, () => index.calls[0]!.done());
      expect(index.calls.flatMap((c) => c.graphs)).toHaveLength(3);
    } finally {
      await projector.close();
      await store.close();
    }
  });
});
