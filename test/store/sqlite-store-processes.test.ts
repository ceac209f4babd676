import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, describe, expect, it } from 'vitest';
import Database from 'better-sqlite3';
import { SqliteStore } from '../../src/store/sqlite/sqlite-store.js';
import { graphHash } from '../../src/rdf/ntriples.js';

const child = fileURLToPath(new URL('./fixtures/store-child.ts', import.meta.url));
const root = mkdtempSync(path.join(tmpdir(), 'dk-store-proc-'));
afterAll(() => rmSync(root, { recursive: true, force: true }));

function start(...args: string[]): ChildProcess {
  return spawn(process.execPath, ['--import', 'tsx', child, ...args], { stdio: ['pipe', 'pipe', 'inherit'] });
}

/** Resolves with the first stdout line that starts with `prefix`. */
function lineFrom(proc: ChildProcess, prefix: string): Promise<string> {
  return new Promise((resolve, reject) => {
    let buffer = '';
    proc.stdout!.on('data', (chunk: Buffer) => {
      buffer += chunk.toString();
      const line = buffer.split('\n').find((l) => l.startsWith(prefix));
      if (line !== undefined) resolve(line);
    });
    proc.once('exit', (code) => reject(new Error(`child exited (${code}) before printing "${prefix}"`)));
  });
}

function exited(proc: ChildProcess): Promise<number | null> {
  return new Promise((resolve) => (proc.exitCode !== null || proc.signalCode !== null ? resolve(proc.exitCode) : proc.once('exit', (code) => resolve(code))));
}

/** Every record is whole: its graph has the hash it claims, and the change log agrees with its status. */
function checkWhole(file: string): { records: number; changes: number } {
  const db = new Database(file, { readonly: true });
  try {
    expect(db.pragma('integrity_check', { simple: true })).toBe('ok');
    const bodyless = db.prepare('SELECT count(*) FROM records WHERE rid NOT IN (SELECT rid FROM record_bodies)').pluck().get();
    expect(bodyless).toBe(0);
    const records = db.prepare('SELECT r.id, r.hash, b.graph, r.status FROM records r JOIN record_bodies b USING (rid)').all() as { id: string; hash: string; graph: string; status: string }[];
    const lastOp = new Map((db.prepare('SELECT record_id, op FROM changes ORDER BY seq').raw().all() as [string, string][]).map(([id, op]) => [id, op]));
    for (const r of records) {
      expect(graphHash(r.graph), `graph of ${r.id}`).toBe(r.hash);
      expect(r.graph.split('\n').filter((l) => l !== '')).toHaveLength(27);
      expect(lastOp.get(r.id), `last change of ${r.id}`).toBe(r.status === 'removed' ? 'remove' : 'upsert');
    }
    const orphans = db.prepare('SELECT count(*) FROM changes WHERE record_id NOT IN (SELECT id FROM records)').pluck().get();
    expect(orphans).toBe(0);
    return { records: records.length, changes: db.prepare('SELECT count(*) FROM changes').pluck().get() as number };
  } finally {
    db.close();
  }
}

describe('SqliteStore across processes', () => {
  it('holds only whole records after the writing process is killed with SIGKILL, again and again', async () => {
    const dir = path.join(root, 'crash');
    const file = path.join(dir, 'catalog.db');
    let lastChanges = 0;
    for (let round = 0; round < 4; round++) {
      const proc = start(dir, 'loop', '0');
      // Killed at a random moment after its first commits (on a busy machine, 'ready' may come long before them).
      await lineFrom(proc, 'committed');
      await new Promise((resolve) => setTimeout(resolve, 150 + Math.random() * 400));
      proc.kill('SIGKILL');
      await exited(proc);
      const { records, changes } = checkWhole(file);
      expect(records).toBeGreaterThan(0);
      // Commits of earlier rounds are never lost.
      expect(changes).toBeGreaterThanOrEqual(lastChanges);
      lastChanges = changes;
    }
    // And the file still opens as a store and goes on.
    const store = SqliteStore.open({ dataDir: dir });
    expect(await store.latestChangeSeq()).toBeGreaterThan(0);
    await store.close();
  });

  it('lets two processes write to the same file at once without losing a commit', async () => {
    const dir = path.join(root, 'two-writers');
    await SqliteStore.open({ dataDir: dir }).close();
    const a = start(dir, 'write', '0', '600');
    const b = start(dir, 'write', '10000', '600');
    await Promise.all([lineFrom(a, 'ready'), lineFrom(b, 'ready')]);
    a.stdin!.write('go\n');
    b.stdin!.write('go\n');
    // Neither goes past half its records until both are there, so their commits interleave on any machine.
    await Promise.all([lineFrom(a, 'half'), lineFrom(b, 'half')]);
    a.stdin!.end('on\n');
    b.stdin!.end('on\n');
    expect(await Promise.all([exited(a), exited(b)])).toEqual([0, 0]);
    const file = path.join(dir, 'catalog.db');
    expect(checkWhole(file)).toEqual({ records: 1200, changes: 1200 });
    // The two really wrote at the same time: their commits interleave in the change log (one writer's
    // commits on both sides of the other's, at least).
    const db = new Database(file, { readonly: true });
    const writers = db.prepare('SELECT r.iri FROM changes c JOIN records r ON r.id = c.record_id ORDER BY c.seq').pluck().all() as string[];
    db.close();
    const group = writers.map((iri) => Number(iri.split('/').pop()) >= 10000);
    const switches = group.filter((g, i) => i > 0 && g !== group[i - 1]).length;
    expect(switches).toBeGreaterThanOrEqual(2);
  });

  it('leaves the run of another live process running, and interrupts it (as orphaned) once that process is dead', async () => {
    const dir = path.join(root, 'runs');
    const store = SqliteStore.open({ dataDir: dir });
    await store.saveSource({ id: 'src-child', url: 'https://x.example.no/', kind: 'dcat-ap-no', publisher: '974760673', quarantineInvalid: false, createdAt: '2025-01-01T00:00:00.000Z' });
    const proc = start(dir, 'hold-run', 'src-child');
    const runId = (await lineFrom(proc, 'running ')).slice('running '.length);
    expect(await store.interruptRunningRuns('2025-01-01T01:00:00.000Z')).toBe(0);
    expect((await store.getRun(runId))?.state).toBe('running');
    proc.kill('SIGKILL');
    await exited(proc);
    // Orphaned now: also a node that only takes over orphaned runs (the scheduler taking over) interrupts it.
    expect(await store.interruptRunningRuns('2025-01-01T02:00:00.000Z', true)).toBe(1);
    expect(await store.getRun(runId)).toMatchObject({ state: 'interrupted', endedAt: '2025-01-01T02:00:00.000Z' });
    await store.close();
  });
});
