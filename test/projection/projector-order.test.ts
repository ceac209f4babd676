import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it, vi } from 'vitest';
import type { RecordWrite, StoredRecord } from '../../src/core/catalog-record.js';
import { silentLogger } from '../../src/core/ports/logger.js';
import type { ProjectedRecord, Projection } from '../../src/projection/projection.js';
import { Projector } from '../../src/projection/projector.js';
import { SqliteStore } from '../../src/store/sqlite/sqlite-store.js';
import { syntheticRecord } from '../search/fixtures/synthetic-records.js';

const root = mkdtempSync(path.join(tmpdir(), 'projector-order-'));
afterAll(() => rmSync(root, { recursive: true, force: true }));

/** A projection that keeps what it was given, after waiting for `gate` (when given) or failing with `failure`. */
class Recording implements Projection {
  readonly persistent = false;
  readonly applied: string[] = [];
  constructor(
    readonly name: string,
    readonly options: { readonly after?: readonly string[]; readonly gate?: Promise<void>; readonly failure?: Error } = {},
  ) {}
  get after(): readonly string[] {
    return this.options.after ?? [];
  }
  async apply(changes: readonly ProjectedRecord[]): Promise<void> {
    await this.options.gate;
    if (this.options.failure !== undefined) throw this.options.failure;
    this.applied.push(...changes.map((c) => c.id));
  }
  async rebuild(_published: AsyncIterable<readonly StoredRecord[]>): Promise<void> {}
}

function published(count: number): RecordWrite[] {
  return Array.from({ length: count }, (_, n) => {
    const { status: _s, removedAt: _r, ...rest } = syntheticRecord(n, 3).record;
    return { ...rest, status: 'published' as const };
  });
}

async function projectorOver(name: string, projections: readonly Recording[]): Promise<{ store: SqliteStore; projector: Projector }> {
  const store = SqliteStore.open({ dataDir: path.join(root, name) });
  const projector = new Projector(store, projections, silentLogger, 0);
  await projector.start(new Map(projections.map((p) => [p.name, 0])));
  await store.writeRecords(published(5));
  return { store, projector };
}

describe('Projector applying a batch to several projections', () => {
  it('applies it to projections that read no other side by side, and to one that reads another only after that one', async () => {
    let open!: () => void;
    const slow = new Recording('slow', { gate: new Promise<void>((resolve) => (open = resolve)) });
    const quick = new Recording('quick');
    const reader = new Recording('reader', { after: ['slow'] });
    const { store, projector } = await projectorOver('side-by-side', [slow, quick, reader]);
    try {
      const synced = projector.sync();
      // The quick projection has the batch while the slow one (listed before it) still works on it.
      await vi.waitFor(() => expect(quick.applied).toHaveLength(5), { timeout: 5000 });
      expect(slow.applied).toEqual([]);
      // The projection that reads the slow one waits for it.
      expect(reader.applied).toEqual([]);
      open();
      await synced;
      expect(slow.applied).toHaveLength(5);
      expect(reader.applied).toEqual(slow.applied);
    } finally {
      open();
      await projector.close();
      await store.close();
    }
  });

  it('reports a failed projection after the others applied the batch, and gives none that reads it the batch', async () => {
    const broken = new Recording('broken', { failure: new Error('index unreachable') });
    const quick = new Recording('quick');
    const reader = new Recording('reader', { after: ['broken'] });
    const { store, projector } = await projectorOver('failure', [broken, quick, reader]);
    try {
      await expect(projector.sync()).rejects.toThrow('index unreachable');
      expect(quick.applied).toHaveLength(5);
      expect(reader.applied).toEqual([]);
    } finally {
      await projector.close();
      await store.close();
    }
  });
});
