import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import type { RecordWrite, StoredRecord } from '../../src/core/catalog-record.js';
import { silentLogger } from '../../src/core/ports/logger.js';
import type { Store } from '../../src/core/ports/store.js';
import type { ProjectedRecord, Projection } from '../../src/projection/projection.js';
import { Projector } from '../../src/projection/projector.js';
import { SqliteStore } from '../../src/store/sqlite/sqlite-store.js';
import { syntheticRecord } from '../search/fixtures/synthetic-records.js';
import { longestStretchWithoutTurn } from '../support/loop-turns.js';

const root = mkdtempSync(path.join(tmpdir(), 'projector-reads-'));
afterAll(() => rmSync(root, { recursive: true, force: true }));

/** A projection that keeps what it was given. */
class Collected implements Projection {
  readonly name = 'collected';
  readonly persistent = false;
  readonly applied: ProjectedRecord[] = [];
  async apply(changes: readonly ProjectedRecord[]): Promise<void> {
    this.applied.push(...changes);
  }
  async rebuild(_published: AsyncIterable<readonly StoredRecord[]>): Promise<void> {}
}

/** The store, with every read of a record holding the thread `ms` first (a large record on a busy machine). */
function slowReads(store: SqliteStore, ms: number): Store {
  const read = store.getRecord.bind(store);
  // An own property before the prototype's: the store's getRecords reads each record through it.
  store.getRecord = (id: string) => {
    for (const until = performance.now() + ms; performance.now() < until; );
    return read(id);
  };
  return store;
}

describe('Projector reading changed records', () => {
  it('gives the event loop a turn once a slice of reads has taken the background budget, however few records it read', async () => {
    const store = SqliteStore.open({ dataDir: path.join(root, 'slow') });
    try {
      const projection = new Collected();
      const projector = new Projector(slowReads(store, 5), [projection], silentLogger, 0);
      await projector.start(new Map([['collected', 0]]));
      const writes: RecordWrite[] = Array.from({ length: 60 }, (_, n) => {
        const { status: _s, removedAt: _r, ...rest } = syntheticRecord(n, 3).record;
        return { ...rest, status: 'published' as const };
      });
      await store.writeRecords(writes);

      // The longest stretch the loop went without a turn while the 60 changes (5 ms a read) were read.
      const started = performance.now();
      const { longestMs } = await longestStretchWithoutTurn(() => projector.sync());
      const ms = performance.now() - started;

      expect(new Set(projection.applied.map((c) => c.id)).size).toBe(60);
      // Slices of about the budget (20 ms: four or five reads), not the whole batch in one stretch (369 ms of 369 on the old code).
      expect(longestMs).toBeLessThan(ms / 3);
      await projector.close();
    } finally {
      await store.close();
    }
  });
});
