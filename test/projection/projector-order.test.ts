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
  /** How many records its last rebuild read; undefined until a rebuild has ended. */
  rebuiltWith: number | undefined;
  constructor(
    readonly name: string,
    readonly options: { readonly alongside?: boolean; readonly gate?: Promise<void>; readonly failure?: Error } = {},
  ) {}
  get alongside(): boolean {
    return this.options.alongside === true;
  }
  async apply(changes: readonly ProjectedRecord[]): Promise<void> {
    await this.options.gate;
    if (this.options.failure !== undefined) throw this.options.failure;
    this.applied.push(...changes.map((c) => c.id));
  }
  async rebuild(published: AsyncIterable<readonly StoredRecord[]>): Promise<void> {
    await this.options.gate;
    let read = 0;
    for await (const page of published) read += page.length;
    this.rebuiltWith = read;
  }
}

function published(count: number): RecordWrite[] {
  return Array.from({ length: count }, (_, n) => {
    const { status: _s, removedAt: _r, ...rest } = syntheticRecord(n, 3).record;
    return { ...rest, status: 'published' as const };
  });
}

async function projectorOver(name: string, projections: readonly Projection[], records = 5): Promise<{ store: SqliteStore; projector: Projector }> {
  const store = SqliteStore.open({ dataDir: path.join(root, name) });
  const projector = new Projector(store, projections, silentLogger, 0);
  await projector.start(new Map(projections.map((p) => [p.name, 0])));
  await store.writeRecords(published(records));
  return { store, projector };
}

describe('Projector applying a batch to several projections', () => {
  it('applies it in the order given, except to a projection working alongside (a SPARQL server), which gets it at once', async () => {
    let open!: () => void;
    const slow = new Recording('slow', { gate: new Promise<void>((resolve) => (open = resolve)) });
    const next = new Recording('next');
    const server = new Recording('server', { alongside: true });
    const { store, projector } = await projectorOver('alongside', [slow, next, server]);
    try {
      const synced = projector.sync();
      // The projection alongside has the batch while the slow one (listed before it) still works on it …
      await vi.waitFor(() => expect(server.applied).toHaveLength(5), { timeout: 5000 });
      expect(slow.applied).toEqual([]);
      // … and the one listed after the slow one waits for it, as before (search reads the relations index).
      expect(next.applied).toEqual([]);
      open();
      await synced;
      expect(slow.applied).toHaveLength(5);
      expect(next.applied).toEqual(slow.applied);
    } finally {
      open();
      await projector.close();
      await store.close();
    }
  });

  it('lets the ordered projections follow the whole change log while one alongside is still on its first batch', async () => {
    let open!: () => void;
    // 5 000 changes are three batches of at most 2 000: the server stays on the first until the gate opens.
    const server = new Recording('server', { alongside: true, gate: new Promise<void>((resolve) => (open = resolve)) });
    const relations = new Recording('relations');
    const search = new Recording('search');
    const { store, projector } = await projectorOver('own-pace', [server, relations, search], 5000);
    try {
      const synced = projector.sync();
      await vi.waitFor(() => expect(search.applied).toHaveLength(5000), { timeout: 10_000 });
      expect(relations.applied).toHaveLength(5000);
      expect(server.applied).toEqual([]);
      open();
      await synced;
      expect(server.applied).toHaveLength(5000);
    } finally {
      open();
      await projector.close();
      await store.close();
    }
  });

  it('lets the ordered projections follow changes committed after they caught up, while one alongside is still behind', async () => {
    let open!: () => void;
    const server = new Recording('server', { alongside: true, gate: new Promise<void>((resolve) => (open = resolve)) });
    const search = new Recording('search');
    const { store, projector } = await projectorOver('later-changes', [server, search], 30);
    try {
      const synced = projector.sync();
      await vi.waitFor(() => expect(search.applied).toHaveLength(30), { timeout: 5000 });
      // A harvest commits more while the server is still on its first batch (at 1 000 000 graphs it was hours behind).
      await store.writeRecords(published(40).slice(30));
      projector.nudge();
      await vi.waitFor(() => expect(search.applied).toHaveLength(40), { timeout: 5000 });
      expect(server.applied).toEqual([]);
      open();
      await synced;
      await projector.sync();
      expect(new Set(server.applied).size).toBe(40);
    } finally {
      open();
      await projector.close();
      await store.close();
    }
  });

  it('rebuilds a projection of one lane while one alongside is held in its own rebuild', async () => {
    let open!: () => void;
    const server = new Recording('server', { alongside: true, gate: new Promise<void>((resolve) => (open = resolve)) });
    const search = new Recording('search');
    const { store, projector } = await projectorOver('rebuild-lanes', [server, search], 12);
    try {
      // A SPARQL server refilled from the store (hours at 1 000 000 graphs) and the search index, asked for together.
      const refill = projector.rebuild('server');
      await projector.rebuild('search');
      expect(search.rebuiltWith).toBe(12);
      expect(server.rebuiltWith).toBeUndefined();
      open();
      await refill;
      expect(server.rebuiltWith).toBe(12);
    } finally {
      open();
      await projector.close();
      await store.close();
    }
  });

  it('closes only once a rebuild under way has ended (it writes to an index that closes after it)', async () => {
    let open!: () => void;
    const slow = new Recording('slow', { alongside: true, gate: new Promise<void>((resolve) => (open = resolve)) });
    const { store, projector } = await projectorOver('close-rebuild', [slow, new Recording('search')], 3);
    try {
      const rebuilding = projector.rebuild('slow');
      await new Promise((resolve) => setTimeout(resolve, 20));
      let closed = false;
      const closing = projector.close().then(() => (closed = true));
      await new Promise((resolve) => setTimeout(resolve, 50));
      expect(closed).toBe(false);
      open();
      await closing;
      expect(slow.rebuiltWith).toBe(3);
      await rebuilding;
    } finally {
      open();
      await store.close();
    }
  });

  it('stops the ordered projections at a failure, and reports a failure alongside once the others applied the batch', async () => {
    const broken = new Recording('broken', { failure: new Error('relations index unreachable') });
    const after = new Recording('after');
    const server = new Recording('server', { alongside: true });
    const first = await projectorOver('ordered-failure', [broken, after, server]);
    try {
      await expect(first.projector.sync()).rejects.toThrow('relations index unreachable');
      expect(after.applied).toEqual([]);
      expect(server.applied).toHaveLength(5);
    } finally {
      await first.projector.close();
      await first.store.close();
    }

    const down = new Recording('server', { alongside: true, failure: new Error('SPARQL server unreachable') });
    const relations = new Recording('relations');
    const search = new Recording('search');
    const second = await projectorOver('alongside-failure', [down, relations, search]);
    try {
      await expect(second.projector.sync()).rejects.toThrow('SPARQL server unreachable');
      expect(relations.applied).toHaveLength(5);
      expect(search.applied).toHaveLength(5);
    } finally {
      await second.projector.close();
      await second.store.close();
    }
  });

  it('stops after the batch in hand when the node shuts down, however far behind it is', async () => {
    let opened = false;
    let open!: () => void;
    const gate = new Promise<void>((resolve) => (open = resolve));
    const calls: number[] = [];
    // A projection far behind: 5 000 changes are three batches of at most 2 000; the first waits until the node is closing.
    const behind: Projection = {
      name: 'behind',
      persistent: true,
      async apply(changes) {
        calls.push(changes.length);
        if (!opened) await gate;
      },
      async rebuild() {},
    };
    const { store, projector } = await projectorOver('shutdown', [behind], 5000);
    try {
      const synced = projector.sync();
      await vi.waitFor(() => expect(calls).toHaveLength(1), { timeout: 5000 });
      const closed = projector.close();
      opened = true;
      open();
      await closed;
      await synced;
      // The batch in hand was applied and its cursor kept; the rest is left for the next start.
      expect(calls).toEqual([2000]);
      expect(await store.getCursor('behind')).toBeGreaterThan(0);
      expect(await store.getCursor('behind')).toBeLessThan((await store.changesSince(0, 10_000)).at(-1)!.seq);
    } finally {
      open();
      await store.close();
    }
  });
});

describe('Projector starting a persistent projection whose index asks for a rebuild', () => {
  /** A persistent projection over a new (or outdated) index: counts its rebuilds and the changes it is given. */
  function newIndex(name: string, needsRebuild: boolean): Projection & { rebuilds: number; rebuiltWith: number; applied: number } {
    return {
      name,
      persistent: true,
      needsRebuild,
      rebuilds: 0,
      rebuiltWith: 0,
      applied: 0,
      async apply(changes) {
        this.applied += changes.length;
      },
      async rebuild(pages) {
        this.rebuilds += 1;
        for await (const page of pages) this.rebuiltWith += page.length;
      },
    };
  }

  it('rebuilds it from the store instead of replaying the change log from a cursor it never had, and moves its cursor', async () => {
    const store = SqliteStore.open({ dataDir: path.join(root, 'needs-rebuild') });
    await store.writeRecords(published(30));
    const latest = await store.latestChangeSeq();
    const fresh = newIndex('fresh', true);
    const kept = newIndex('kept', false);
    const projector = new Projector(store, [fresh, kept], silentLogger, 0);
    try {
      await projector.start();
      expect([fresh.rebuilds, fresh.rebuiltWith, fresh.applied]).toEqual([1, 30, 0]);
      expect(await store.getCursor('fresh')).toBe(latest);
      expect(projector.rebuiltAtStart).toEqual(new Set(['fresh']));
      // The index that did not ask caught up from its cursor (none yet: every change).
      expect([kept.rebuilds, kept.applied]).toEqual([0, 30]);
    } finally {
      await projector.close();
      await store.close();
    }
  });

  it('opens before a projection far behind has caught up when asked to, and catches up in the background', async () => {
    const store = SqliteStore.open({ dataDir: path.join(root, 'catch-up-after') });
    await store.writeRecords(published(30));
    let open!: () => void;
    const behind = new Recording('behind', { gate: new Promise<void>((resolve) => (open = resolve)) });
    const projector = new Projector(store, [behind], silentLogger, 0);
    try {
      // Resolves although the projection is held on its first batch …
      await projector.start(new Map([['behind', 0]]), 'after');
      expect(await projector.lag()).toEqual({ behind: 30 });
      // … and the catch-up goes on behind it.
      open();
      await vi.waitFor(async () => expect(await projector.lag()).toEqual({ behind: 0 }), { timeout: 5000 });
      expect(behind.applied).toHaveLength(30);
    } finally {
      open();
      await projector.close();
      await store.close();
    }
  });
});
