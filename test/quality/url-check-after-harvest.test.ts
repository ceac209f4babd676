import http from 'node:http';
import { mkdtemp, rm } from 'node:fs/promises';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, beforeEach, describe, expect, it, vi } from 'vitest';
import type { RecordWrite } from '../../src/core/catalog-record.js';
import { emptyCounts } from '../../src/core/harvest-run.js';
import { silentLogger } from '../../src/core/ports/logger.js';
import { createGuardedFetch } from '../../src/harvest/fetch/guarded-fetch.js';
import { UrlCheckLoop } from '../../src/quality/url-check-loop.js';
import { UrlChecker } from '../../src/quality/url-checker.js';
import { SqliteStore } from '../../src/store/sqlite/sqlite-store.js';
import { recordsFromTurtle } from '../search/fixtures/records-from-turtle.js';

// After a harvest run that added or changed records, the URLs that run introduced or changed are checked
// at once (not at the next timed round), through the same checker: the harvest's guard and allow-list,
// one request at a time per host. URLs of records the run did not write, of other sources, or with a
// fresh result are not asked.

let server: http.Server;
let origin: string;
const asked: string[] = [];
let inFlight = 0;
const hanging: http.ServerResponse[] = [];
let maxInFlight = 0;

beforeAll(async () => {
  server = http.createServer((req, res) => {
    asked.push(req.url!);
    inFlight++;
    maxInFlight = Math.max(maxInFlight, inFlight);
    // A URL whose server never answers (until the test ends).
    if (req.url === '/hangs.csv') {
      hanging.push(res);
      return;
    }
    setTimeout(() => {
      inFlight--;
      res.writeHead(req.url === '/b.csv' ? 404 : 200, { 'Content-Type': 'text/csv' }).end();
    }, 10);
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  origin = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
});
afterAll(async () => {
  for (const res of hanging) res.destroy();
  await new Promise((resolve) => server.close(resolve));
});

let dir: string;
let store: SqliteStore;
beforeEach(async () => {
  asked.length = 0;
  maxInFlight = 0;
  await store?.close();
  if (dir !== undefined) await rm(dir, { recursive: true, force: true });
  dir = await mkdtemp(path.join(tmpdir(), 'url-after-harvest-'));
  store = SqliteStore.open({ dataDir: dir });
});
afterAll(async () => {
  await store?.close();
  await rm(dir, { recursive: true, force: true });
});

const RUN_START = '2026-02-01T10:00:00.000Z';

/** A dataset of `source` with one distribution per URL path, last changed at `modified`. */
function dataset(name: string, paths: readonly string[], modified: string, source = 'src-1'): RecordWrite {
  const distributions = paths.map((p, i) => `<https://ex.org/${name}/d${i}> a dcat:Distribution ; dcat:downloadURL <${origin}${p}> .`).join('\n');
  const links = paths.map((_, i) => `<https://ex.org/${name}/d${i}>`).join(', ');
  const [input] = recordsFromTurtle(`
    @prefix dcat: <http://www.w3.org/ns/dcat#> . @prefix dct: <http://purl.org/dc/terms/> .
    <https://ex.org/${name}> a dcat:Dataset ; dct:title "${name}"@nb ${paths.length > 0 ? `; dcat:distribution ${links}` : ''} .
    ${distributions}
  `, { harvested: modified });
  const { removedAt: _removed, ...record } = input!.record;
  return { ...record, status: 'published', sourceId: source };
}

function loop(onChanged: () => void = () => {}, pacing: { hostIntervalMs?: number; timeoutMs?: number } = {}): UrlCheckLoop {
  const checker = new UrlChecker({
    fetch: createGuardedFetch({ allowedHosts: [new URL(origin).host], userAgent: 'datakatalog-test' }),
    store, ttlMs: 7 * 86_400_000, hostIntervalMs: pacing.hostIntervalMs ?? 1, timeoutMs: pacing.timeoutMs ?? 5_000, maxRetryAfterMs: 600_000, hostsAtOnce: 4,
  });
  // No timed rounds: only the harvest's (and the test's) rounds run.
  return new UrlCheckLoop(store, checker, silentLogger, 0, onChanged);
}

const run = (counts: Partial<ReturnType<typeof emptyCounts>>, sourceId = 'src-1') => ({ id: 'run-1', sourceId, startedAt: RUN_START, counts: { ...emptyCounts(), ...counts } });

describe('the URL check round after a harvest', () => {
  it("checks the URLs of the datasets the run wrote that have no fresh result, and re-reads the scores when one changed", async () => {
    await store.writeRecords([
      dataset('changed', ['/a.csv', '/b.csv', '/kept.csv'], '2026-02-01T10:00:05.000Z'),
      dataset('untouched', ['/old.csv'], '2026-01-01T00:00:00.000Z'),
      dataset('elsewhere', ['/other.csv'], '2026-02-01T10:00:05.000Z', 'src-2'),
    ]);
    // Checked yesterday: within the time to live, not asked again.
    await store.saveUrlChecks([{ url: `${origin}/kept.csv`, status: 200, mediaType: 'text/csv', error: null, checkedAt: new Date(Date.now() - 86_400_000).toISOString() }]);
    let changed = 0;
    const urlChecks = loop(() => changed++);
    await urlChecks.afterHarvest(run({ changed: 1 }));
    expect(asked.sort()).toEqual(['/a.csv', '/b.csv']);
    const stored = await store.getUrlChecks([`${origin}/a.csv`, `${origin}/b.csv`, `${origin}/old.csv`]);
    expect([stored.get(`${origin}/a.csv`)?.status, stored.get(`${origin}/b.csv`)?.status, stored.has(`${origin}/old.csv`)]).toEqual([200, 404, false]);
    expect(changed).toBe(1);
    // The same URLs after the next harvest: fresh, so not asked again, and no scores to re-read.
    await urlChecks.afterHarvest(run({ changed: 1 }));
    expect(asked).toHaveLength(2);
    expect(changed).toBe(1);
    await urlChecks.close();
  });

  it('does nothing after a run that added and changed nothing', async () => {
    await store.writeRecords([dataset('changed', ['/a.csv'], '2026-02-01T10:00:05.000Z')]);
    const urlChecks = loop();
    await urlChecks.afterHarvest(run({ unchanged: 1, removed: 2 }));
    expect(asked).toEqual([]);
    await urlChecks.close();
  });

  it('waits for a running round, so a host is never asked twice at once and no URL twice', async () => {
    await store.writeRecords([
      dataset('one', ['/1.csv', '/2.csv', '/3.csv'], '2026-02-01T10:00:05.000Z'),
      dataset('two', ['/4.csv', '/5.csv'], '2026-02-01T10:00:05.000Z'),
    ]);
    const urlChecks = loop();
    await Promise.all([urlChecks.runOnce(), urlChecks.afterHarvest(run({ added: 2 })), urlChecks.afterHarvest(run({ added: 2 }))]);
    expect(maxInFlight).toBe(1);
    expect(asked.sort()).toEqual(['/1.csv', '/2.csv', '/3.csv', '/4.csv', '/5.csv']);
    await urlChecks.close();
  });

  // A node that stops (SIGTERM, a restart) waited for the round under way: 1 000 URLs on one host, asked one per
  // host interval, held `close()` for over 16 minutes (the idle `npm run bench scale -- --datasets 1000` stall).
  it('close() stops the round under way: no further URL is asked, the results so far are kept', async () => {
    await store.writeRecords([dataset('many', ['/1.csv', '/2.csv', '/3.csv'], '2026-02-01T10:00:05.000Z')]);
    // Five minutes between two requests to the host: the old close() waited for the other two URLs.
    const urlChecks = loop(() => {}, { hostIntervalMs: 300_000 });
    const round = urlChecks.afterHarvest(run({ added: 1 }));
    await vi.waitFor(() => expect(asked).toHaveLength(1), { timeout: 30_000 });
    await urlChecks.close();
    await round;
    expect(asked).toHaveLength(1);
    const stored = await store.getUrlChecks([`${origin}/1.csv`, `${origin}/2.csv`, `${origin}/3.csv`]);
    expect([...stored.keys()]).toEqual([`${origin}${asked[0]}`]);
    // A round asked for after the close never starts.
    await urlChecks.afterHarvest(run({ added: 1 }));
    expect(asked).toHaveLength(1);
  });

  it('close() cuts off the request in flight, and that URL gets no result (a later round asks it)', async () => {
    await store.writeRecords([dataset('stuck', ['/hangs.csv'], '2026-02-01T10:00:05.000Z')]);
    // The request would be given ten minutes.
    const urlChecks = loop(() => {}, { timeoutMs: 600_000 });
    const round = urlChecks.afterHarvest(run({ added: 1 }));
    await vi.waitFor(() => expect(hanging).toHaveLength(1), { timeout: 30_000 });
    await urlChecks.close();
    await round;
    expect((await store.getUrlChecks([`${origin}/hangs.csv`])).size).toBe(0);
  });
});
