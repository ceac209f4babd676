import { spawn } from 'node:child_process';
import type { ServerResponse } from 'node:http';
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { SqliteStore } from '../../../src/store/sqlite/sqlite-store.js';
import { startFixtureServer, type FixtureServer } from '../../support/fixture-server.js';

// Two processes on one data directory harvest the same source: the second is refused while the first
// runs (the lease in the store), and succeeds once the first has ended.

const ROOT = path.join(import.meta.dirname, '../../..');
const FIXTURES = path.join(import.meta.dirname, '../fixtures');

let fixtures: FixtureServer;
let dataDir: string;

beforeAll(async () => {
  fixtures = await startFixtureServer();
  dataDir = await mkdtemp(path.join(tmpdir(), 'dk-lease-'));
});

afterAll(async () => {
  await fixtures?.close();
  await rm(dataDir, { recursive: true, force: true });
});

function cliHarvest(url: string): { done: Promise<{ code: number | null; stdout: string; stderr: string }> } {
  const child = spawn(process.execPath, ['--import', 'tsx', path.join(ROOT, 'src/cli.ts'), 'harvest', url, '--publisher', '974760673'], {
    cwd: ROOT,
    env: { ...process.env, DATA_DIR: dataDir, BASE_URL: 'http://localhost:8080', VALIDATION_WORKERS: '1', LOG_LEVEL: 'warn', HARVEST_ALLOWED_HOSTS: new URL(fixtures.origin).host },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let stdout = '';
  let stderr = '';
  child.stdout.on('data', (c: Buffer) => (stdout += c.toString('utf8')));
  child.stderr.on('data', (c: Buffer) => (stderr += c.toString('utf8')));
  return { done: new Promise((resolve) => child.on('exit', (code) => resolve({ code, stdout, stderr }))) };
}

describe('one run per source at a time, across processes', () => {
  it('refuses a CLI harvest of a source another process is harvesting, and allows it once that run has ended', async () => {
    const body = await readFile(path.join(FIXTURES, 'catalog-v1.ttl'));
    const held: ServerResponse[] = [];
    fixtures.set('/catalog.ttl', (_req, res) => {
      res.writeHead(200, { 'Content-Type': 'text/turtle' });
      res.write(body.subarray(0, 300));
      held.push(res);
    });
    const first = cliHarvest(fixtures.url('/catalog.ttl'));
    for (let i = 0; i < 600 && held.length === 0; i++) await new Promise((r) => setTimeout(r, 50));
    expect(held).toHaveLength(1);

    const second = await cliHarvest(fixtures.url('/catalog.ttl')).done;
    expect(second.code).toBe(2);
    expect(second.stderr).toMatch(/already running in another process/);
    expect(held).toHaveLength(1); // the refused process never fetched the source

    held[0]!.end(body.subarray(300));
    const firstDone = await first.done;
    expect(firstDone.stdout).toMatch(/succeeded/);
    expect(firstDone.code).toBe(0);

    fixtures.set('/catalog.ttl', { body });
    const third = await cliHarvest(fixtures.url('/catalog.ttl')).done;
    expect(third.code).toBe(0);

    const store = SqliteStore.open({ dataDir });
    try {
      const runs = await store.listRuns({ limit: 10 });
      // Two runs recorded (the refused one never started a run), neither left running.
      expect(runs.map((r) => r.state)).toEqual(['succeeded', 'succeeded']);
      expect(await store.leasedSources(Date.now())).toEqual([]);
    } finally {
      await store.close();
    }
  }, 120_000);
});
