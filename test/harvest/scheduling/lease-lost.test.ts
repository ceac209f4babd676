import type { ServerResponse } from 'node:http';
import { readFile } from 'node:fs/promises';
import path from 'node:path';
import Database from 'better-sqlite3';
import pg from 'pg';
import { afterAll, afterEach, describe, expect, it } from 'vitest';
import { createDcatApNoHarvester } from '../../../harvesters/dcat-ap-no/index.js';
import type { HarvestRun } from '../../../src/core/harvest-run.js';
import type { HarvestSource } from '../../../src/core/harvest-source.js';
import { silentLogger } from '../../../src/core/ports/logger.js';
import type { Store } from '../../../src/core/ports/store.js';
import { HarvestService } from '../../../src/harvest/harvest-service.js';
import { nodeLockClass } from '../../../src/postgres/advisory-keys.js';
import { PostgresStore } from '../../../src/store/postgres/postgres-store.js';
import { usePipelineHarness } from '../../support/pipeline-harness.js';
import { dropTestSchemas, freshSchema, TEST_DATABASE_URL } from '../../support/postgres.js';

// A run goes on only while the source's lease is its own: once the lease may count as free elsewhere, another
// node's scheduler may start a second run of the source beside it, so the run stops (interrupted; what it
// committed stays, the next run reads the source again).

const h = usePipelineHarness({ harvesters: { 'dcat-ap-no': createDcatApNoHarvester() } });
const catalog = readFile(path.join(import.meta.dirname, '../fixtures/catalog-v1.ttl'));
let held: ServerResponse[] = [];

afterEach(() => {
  for (const res of held) res.destroy();
  held = [];
});
afterAll(dropTestSchemas);

/** Serves the catalog's first bytes and holds the rest, so the run stays in its fetch until the test is done with it. */
async function heldSource(): Promise<string> {
  const body = await catalog;
  h.server.set('/held.ttl', (_req, res) => {
    res.writeHead(200, { 'Content-Type': 'text/turtle' });
    res.write(body.subarray(0, 300));
    held.push(res);
  });
  return h.server.url('/held.ttl');
}

async function untilHeld(): Promise<void> {
  for (let i = 0; i < 200 && held.length === 0; i++) await new Promise((resolve) => setTimeout(resolve, 10));
  expect(held).toHaveLength(1);
}

/** Another process takes the source's lease, through a connection of its own to the catalog's file. */
function takeLeaseInAnotherProcess(sourceId: string): void {
  const other = new Database(h.store.file);
  try {
    expect(other.prepare("UPDATE harvest_leases SET holder = 'another-process' WHERE source_id = ?").run(sourceId).changes).toBe(1);
  } finally {
    other.close();
  }
}

function serviceOn(store: Store, leaseTtlMs?: number): HarvestService {
  return new HarvestService({ ...h.deps, store }, silentLogger, leaseTtlMs !== undefined ? { leaseTtlMs } : {});
}

/** A run of a new source (on the harness's store) that has begun and is held in its fetch. */
async function heldRun(leaseTtlMs?: number): Promise<{ service: HarvestService; source: HarvestSource; run: Promise<HarvestRun> }> {
  const service = serviceOn(h.store, leaseTtlMs);
  const source = await service.register({ url: await heldSource(), publisher: '974760673' });
  const run = service.harvest(source);
  await untilHeld();
  return { service, source, run };
}

/** The held source answers the rest of its document: the run reads it, validates it and writes. */
async function answerInFull(): Promise<void> {
  held.pop()!.end((await catalog).subarray(300));
}

describe('removing a source while it is harvested', () => {
  it('is refused (409) while a run holds its lease, in this process or another, and done once none does', async () => {
    const { service, source, run } = await heldRun();
    await expect(service.remove(source.id)).rejects.toThrow(/is being harvested; try again/);
    held.pop()!.destroy();
    await run;
    // Another process's run of the source holds the lease now.
    expect(await h.store.acquireLease(source.id, 'another-process', 60_000, Date.now())).toBe(true);
    await expect(service.remove(source.id)).rejects.toThrow(/being harvested by another process/);
    await h.store.releaseLease(source.id, 'another-process');
    await service.remove(source.id);
    expect(await h.store.getSource(source.id)).toBeUndefined();
    await service.close();
  });
});

describe('a harvest whose lease is no longer its own', () => {
  it('stops as interrupted when a renewal finds the lease taken by another process, keeping nothing half-done', async () => {
    const { service, source, run } = await heldRun(150);
    // Another process took the lease (as it may once a lease has expired during a long pause of this one).
    takeLeaseInAnotherProcess(source.id);
    const ended: HarvestRun = await run;
    expect(ended.state).toBe('interrupted');
    expect(ended.error).toMatch(/stopped before it finished \(the source's harvest lease is no longer this run's/);
    expect(await h.store.getRecordByIri('https://data.testetaten.no/datasett/luftkvalitet')).toBeUndefined();
    // The lease stays with the process that took it: this one releases only its own.
    expect(await h.store.leasedSources(Date.now())).toEqual([source.id]);
    await service.close();
  });

  it("has its record writes refused by the store once another process took the lease, before any renewal could tell", async () => {
    // A time to live of ten minutes: no renewal runs during the test, as in a partition the node has not noticed yet.
    const { service, source, run } = await heldRun(600_000);
    takeLeaseInAnotherProcess(source.id);
    await answerInFull();
    const ended: HarvestRun = await run;
    expect(ended.state).toBe('interrupted');
    expect(ended.error).toMatch(/harvest lease of source .* is held by another run now .*write was refused/);
    expect(await h.store.getRecordByIri('https://data.testetaten.no/datasett/luftkvalitet')).toBeUndefined();
    expect((await h.store.countRecords()).published).toBe(0);
    await service.close();
  });

  it('writes nothing once its source was deleted from the store meanwhile, so no run brings its records back', async () => {
    const { service, source, run } = await heldRun(600_000);
    await h.store.deleteSource(source.id);
    await answerInFull();
    const ended: HarvestRun = await run;
    expect(ended.state).toBe('interrupted');
    expect(ended.error).toMatch(/was removed from the catalog/);
    expect(await h.store.getRecordByIri('https://data.testetaten.no/datasett/luftkvalitet')).toBeUndefined();
    await service.close();
  });

  it.skipIf(TEST_DATABASE_URL === undefined)("stops at once when the node's session with PostgreSQL is lost, and another node may harvest the source", async () => {
    const schema = freshSchema();
    // The node's session waits a minute before reconnecting: the test sees the time it is away.
    const node = await PostgresStore.open({ url: TEST_DATABASE_URL!, schema, reconnectDelayMs: 60_000 });
    const otherNode = await PostgresStore.open({ url: TEST_DATABASE_URL!, schema });
    const admin = new pg.Client({ connectionString: TEST_DATABASE_URL! });
    await admin.connect();
    const service = serviceOn(node);
    try {
      const source = await service.register({ url: await heldSource(), publisher: '974760673' });
      const run = service.harvest(source);
      await untilHeld();
      expect(await otherNode.acquireLease(source.id, 'other-node', 60_000, Date.now())).toBe(false);
      // PostgreSQL ends the node's session connection (as when it is cut off): its liveness lock, and with it the lease, is free.
      const { rows } = await admin.query<{ node_key: number }>(`SELECT node_key FROM "${schema}".harvest_leases WHERE source_id = $1`, [source.id]);
      const ended = await admin.query(
        "SELECT pg_terminate_backend(pid) FROM pg_locks WHERE locktype = 'advisory' AND classid = $1::bigint::oid AND objid = $2::bigint::oid AND objsubid = 2",
        [nodeLockClass(schema) >>> 0, rows[0]!.node_key >>> 0],
      );
      expect(ended.rowCount).toBe(1);
      const stopped = await run;
      expect(stopped.state).toBe('interrupted');
      expect(stopped.error).toMatch(/session with the store was lost/);
      expect(await otherNode.acquireLease(source.id, 'other-node', 60_000, Date.now())).toBe(true);
    } finally {
      await service.close();
      await admin.end();
      await node.close();
      await otherNode.close();
    }
  });
});
