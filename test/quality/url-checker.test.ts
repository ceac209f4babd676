import http from 'node:http';
import { mkdtemp, rm } from 'node:fs/promises';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createGuardedFetch } from '../../src/harvest/fetch/guarded-fetch.js';
import { UrlChecker, retryAfterMs } from '../../src/quality/url-checker.js';
import { SqliteStore } from '../../src/store/sqlite/sqlite-store.js';

/** A loopback server standing in for publishers' file servers, recording every request. */
interface Seen { readonly method: string; readonly path: string; readonly range: string | undefined; readonly clock: number }
/** The checker's clock, when a test gives it one (otherwise the wall clock). */
let clock: number | undefined;
let server: http.Server;
let origin: string;
const seen: Seen[] = [];
let inFlight = 0;
let maxInFlight = 0;
let busyOnce = true;

beforeAll(async () => {
  server = http.createServer((req, res) => {
    inFlight++;
    maxInFlight = Math.max(maxInFlight, inFlight);
    seen.push({ method: req.method!, path: req.url!, range: req.headers.range, clock: clock ?? Date.now() });
    const done = (status: number, headers: Record<string, string> = {}): void => {
      setTimeout(() => {
        inFlight--;
        res.writeHead(status, headers).end(req.method === 'HEAD' ? undefined : 'x'.repeat(100_000));
      }, 5);
    };
    if (req.url === '/data.csv') return done(200, { 'Content-Type': 'text/csv; charset=utf-8' });
    if (req.url === '/gone') return done(404, { 'Content-Type': 'text/html' });
    if (req.url === '/no-head') return req.method === 'HEAD' ? done(405) : done(206, { 'Content-Type': 'application/json', 'Content-Range': 'bytes 0-0/100000' });
    if (req.url === '/busy') {
      if (busyOnce) {
        busyOnce = false;
        return done(503, { 'Retry-After': '1' });
      }
      return done(200, { 'Content-Type': 'application/geo+json' });
    }
    if (req.url === '/very-busy') return done(429, { 'Retry-After': '3600' });
    if (req.url === '/moved') return done(301, { Location: '/data.csv' });
    return done(500);
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  origin = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
});
afterAll(async () => {
  await new Promise((resolve) => server.close(resolve));
});

async function withStore<T>(run: (store: SqliteStore) => Promise<T>): Promise<T> {
  const dir = await mkdtemp(path.join(tmpdir(), 'url-checker-'));
  const store = SqliteStore.open({ dataDir: dir });
  try {
    return await run(store);
  } finally {
    await store.close();
    await rm(dir, { recursive: true, force: true });
  }
}

function checker(store: SqliteStore, options: { now?: () => number; waits?: number[]; hostIntervalMs?: number } = {}): UrlChecker {
  return new UrlChecker({
    // The harvest's guard, with only the fixture server allowed (as HARVEST_ALLOWED_HOSTS in the other harvest tests).
    fetch: createGuardedFetch({ allowedHosts: [new URL(origin).host], userAgent: 'datakatalog-test' }),
    store,
    ttlMs: 7 * 86_400_000,
    hostIntervalMs: options.hostIntervalMs ?? 20,
    timeoutMs: 5_000,
    maxRetryAfterMs: 60_000,
    hostsAtOnce: 4,
    ...(options.now !== undefined ? { now: options.now } : {}),
    ...(options.waits !== undefined ? { sleep: async (ms: number) => void options.waits!.push(ms) } : {}),
  });
}

describe('the URL checker', () => {
  it('stores the status and the claimed media type of each URL, asking a HEAD and a first-byte GET where HEAD is refused', async () => {
    await withStore(async (store) => {
      seen.length = 0;
      const urls = [`${origin}/data.csv`, `${origin}/gone`, `${origin}/no-head`, `${origin}/moved`];
      const round = await checker(store).checkStale(urls);
      expect(round.checked).toHaveLength(4);
      const stored = await store.getUrlChecks(urls);
      expect(stored.get(`${origin}/data.csv`)).toMatchObject({ status: 200, mediaType: 'text/csv', error: null });
      expect(stored.get(`${origin}/gone`)).toMatchObject({ status: 404, mediaType: 'text/html' });
      expect(stored.get(`${origin}/no-head`)).toMatchObject({ status: 206, mediaType: 'application/json' });
      expect(stored.get(`${origin}/moved`)).toMatchObject({ status: 301 }); // redirects are not followed
      expect(seen.filter((s) => s.path === '/no-head').map((s) => [s.method, s.range])).toEqual([['HEAD', undefined], ['GET', 'bytes=0-0']]);
      expect(seen.filter((s) => s.path === '/data.csv').map((s) => s.method)).toEqual(['HEAD']);
    });
  });

  it('leaves a URL longer than 2 048 bytes unasked and without a result, counting it, and checks the rest', async () => {
    await withStore(async (store) => {
      seen.length = 0;
      const long = `${origin}/data.csv?q=${'x'.repeat(2048)}`;
      const round = await checker(store).checkStale([long, `${origin}/data.csv`, long]);
      expect(round).toMatchObject({ tooLong: 1, fresh: 0, deferred: 0 });
      expect(round.checked.map((c) => c.url)).toEqual([`${origin}/data.csv`]);
      expect(seen.map((s) => s.path)).toEqual(['/data.csv']);
      expect([...(await store.getUrlChecks([long, `${origin}/data.csv`])).keys()]).toEqual([`${origin}/data.csv`]);
    });
  });

  it('asks one host one request at a time, with the least interval between two', async () => {
    await withStore(async (store) => {
      seen.length = 0;
      maxInFlight = 0;
      // A clock that moves only when the checker waits: the server notes the clock's time of each request.
      let now = 1_000_000;
      clock = now;
      const c = new UrlChecker({
        fetch: createGuardedFetch({ allowedHosts: [new URL(origin).host], userAgent: 'datakatalog-test' }),
        store, ttlMs: 86_400_000, hostIntervalMs: 50, timeoutMs: 5_000, maxRetryAfterMs: 60_000, hostsAtOnce: 4,
        now: () => now,
        sleep: async (ms) => void (clock = now += ms),
      });
      await c.checkStale(Array.from({ length: 6 }, (_, i) => `${origin}/data.csv?n=${i}`));
      expect(seen).toHaveLength(6);
      expect(maxInFlight).toBe(1);
      expect(seen.slice(1).map((s, i) => s.clock - seen[i]!.clock)).toEqual([50, 50, 50, 50, 50]);
      clock = undefined;
    });
  });

  it('honours Retry-After: waits as long as the host asks and asks once more; a longer wait defers the host to the next round', async () => {
    await withStore(async (store) => {
      busyOnce = true;
      const waits: number[] = [];
      const c = checker(store, { waits });
      const round = await c.checkStale([`${origin}/busy`]);
      expect(round.checked[0]).toMatchObject({ url: `${origin}/busy`, status: 200, mediaType: 'application/geo+json' });
      expect(Math.max(...waits)).toBeGreaterThan(900);
      expect(Math.max(...waits)).toBeLessThanOrEqual(1000);

      const slow = await c.checkStale([`${origin}/very-busy`, `${origin}/data.csv?after=busy`]);
      expect(slow.checked.map((x) => [x.url, x.status])).toEqual([[`${origin}/very-busy`, 429]]);
      expect(slow.deferred).toBe(1); // the host asked for an hour: its next URL waits for a later round
      expect((await store.getUrlChecks([`${origin}/data.csv?after=busy`])).size).toBe(0);
    });
  });

  it('keeps results for the time to live: a fresh URL is not asked again, a stale one is', async () => {
    await withStore(async (store) => {
      let now = Date.parse('2026-01-01T00:00:00Z');
      const c = checker(store, { now: () => now });
      const url = `${origin}/data.csv?ttl`;
      expect((await c.checkStale([url])).checked).toHaveLength(1);
      seen.length = 0;
      now += 6 * 86_400_000;
      expect(await c.checkStale([url, url])).toEqual({ checked: [], fresh: 1, deferred: 0, changed: 0, tooLong: 0 });
      expect(seen).toHaveLength(0);
      now += 2 * 86_400_000;
      const again = await c.checkStale([url]);
      expect(again.checked).toHaveLength(1);
      expect(seen).toHaveLength(1);
      expect((await store.getUrlChecks([url])).get(url)!.checkedAt).toBe(new Date(now).toISOString());
    });
  });

  it('goes through the harvest guard: an address outside the allow-list gets no request and a status of 0 with the reason', async () => {
    await withStore(async (store) => {
      const other = `http://127.0.0.1:1/x.csv`; // loopback on another port: not allowed
      const round = await checker(store).checkStale([other, 'ftp://example.org/file.csv', 'not a url']);
      const byUrl = new Map(round.checked.map((x) => [x.url, x]));
      expect(byUrl.get(other)).toMatchObject({ status: 0 });
      expect(byUrl.get(other)!.error).toMatch(/loopback|private|not allowed|refus/i);
      expect(byUrl.get('ftp://example.org/file.csv')).toMatchObject({ status: 0, error: 'not an http(s) URL' });
      expect(byUrl.get('not a url')).toMatchObject({ status: 0, error: 'not an http(s) URL' });
    });
  });

  it('reads Retry-After in seconds or as an HTTP date', () => {
    const now = Date.parse('2026-01-01T00:00:00Z');
    expect(retryAfterMs('120', now)).toBe(120_000);
    expect(retryAfterMs('Thu, 01 Jan 2026 00:00:30 GMT', now)).toBe(30_000);
    expect(retryAfterMs('soon', now)).toBeUndefined();
    expect(retryAfterMs(null, now)).toBeUndefined();
  });
});
