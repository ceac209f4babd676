import { spawn } from 'node:child_process';
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { SqliteStore } from '../../src/store/sqlite/sqlite-store.js';
import { startFixtureServer, type FixtureServer } from '../support/fixture-server.js';

// SIGTERM to a real `datakatalog serve` process while a harvest is running: it stops taking requests,
// stops the harvest (its run ends `interrupted`, never left `running`) and exits within 10 s.

const ROOT = path.join(import.meta.dirname, '../..');
const FIXTURES = path.join(import.meta.dirname, '../harvest/fixtures');
const TOKEN = 'test-token';

let fixtures: FixtureServer;
let dataDir: string;

beforeAll(async () => {
  fixtures = await startFixtureServer();
  dataDir = await mkdtemp(path.join(tmpdir(), 'dk-sigterm-'));
});

afterAll(async () => {
  await fixtures?.close();
  await rm(dataDir, { recursive: true, force: true });
});

describe('graceful shutdown on SIGTERM', () => {
  it('ends the running harvest as interrupted and exits within 10 s', async () => {
    const body = await readFile(path.join(FIXTURES, 'catalog-v1.ttl'));
    let stalled = 0;
    // The catalog's document sends half its bytes, then nothing: the harvest is mid-fetch when SIGTERM comes.
    fixtures.set('/stalling.ttl', (_req, res) => {
      stalled++;
      res.writeHead(200, { 'Content-Type': 'text/turtle' });
      res.write(body.subarray(0, 200));
    });
    const child = spawn(process.execPath, ['--import', 'tsx', path.join(ROOT, 'src/cli.ts'), 'serve'], {
      cwd: ROOT,
      env: {
        ...process.env,
        DATA_DIR: dataDir,
        BASE_URL: 'http://localhost:8080',
        PORT: '0',
        HOST: '127.0.0.1',
        DEMO: 'false',
        HARVEST_INTERVAL: '0',
        VALIDATION_WORKERS: '1',
        SPARQL_WORKERS: '1',
        ADMIN_TOKEN: TOKEN,
        LOG_LEVEL: 'info',
        HARVEST_IDLE_TIMEOUT: '10m',
        HARVEST_TIMEOUT: '10m',
        HARVEST_ALLOWED_HOSTS: new URL(fixtures.origin).host,
      },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let stderr = '';
    child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString('utf8')));
    const exited = new Promise<{ code: number | null; at: number }>((resolve) => child.on('exit', (code) => resolve({ code, at: Date.now() })));
    const url = await new Promise<string>((resolve, reject) => {
      let out = '';
      child.stdout.on('data', (chunk: Buffer) => {
        out += chunk.toString('utf8');
        const m = /running at (http:\/\/\S+) /.exec(out);
        if (m) resolve(m[1]!);
      });
      void exited.then(({ code }) => reject(new Error(`the service exited (${code}) before it listened:\n${out}\n${stderr}`)));
    });

    const registered = await fetch(`${url}/api/sources`, {
      method: 'POST',
      headers: { Authorization: `Bearer ${TOKEN}`, 'Content-Type': 'application/json' },
      body: JSON.stringify({ url: fixtures.url('/stalling.ttl'), publisher: '974760673' }),
    });
    const source = (await registered.json()) as { id: string };
    const started = await fetch(`${url}/api/sources/${source.id}/harvest`, { method: 'POST', headers: { Authorization: `Bearer ${TOKEN}` } });
    expect(started.status).toBe(202);
    const run = (await started.json()) as { id: string; state: string };
    expect(run.state).toBe('running');
    for (let i = 0; i < 200 && stalled === 0; i++) await new Promise((r) => setTimeout(r, 50));
    expect(stalled).toBe(1);

    const signalled = Date.now();
    child.kill('SIGTERM');
    const { code, at } = await exited;
    expect(code).toBe(0);
    expect(at - signalled).toBeLessThan(10_000);
    // It no longer takes requests.
    await expect(fetch(`${url}/healthz`)).rejects.toThrow();

    const store = SqliteStore.open({ dataDir });
    try {
      const after = await store.getRun(run.id);
      expect(after?.state).toBe('interrupted');
      expect(after?.error).toMatch(/stopped before it finished.*shutting down/);
      expect(after?.endedAt).toBeDefined();
      expect(await store.leasedSources(Date.now())).toEqual([]);
    } finally {
      await store.close();
    }
    expect(stderr).toContain('"msg":"stopped"');
  }, 90_000);
});
