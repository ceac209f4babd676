import { readFileSync } from 'node:fs';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { newTokenSecret, tokenHash } from '../../src/core/api-token.js';
import { loadConfig } from '../../src/config/config.js';
import { silentLogger } from '../../src/core/ports/logger.js';
import { startServer, type RunningServer } from '../../src/main.js';
import { startFixtureServer, type FixtureServer } from '../support/fixture-server.js';
import { serviceTestEnv } from '../support/service-env.js';
import { maskinportenClaims, startFixtureIssuer, type FixtureIssuer } from './support/fixture-issuer.js';

/**
 * Every write route × every kind of caller. Sources belong to Brønnøysundregistrene (974760673), a
 * sub-unit of Nærings- og fiskeridepartementet (912660680) in the bundled organisation snapshot:
 * the ministry's admin manages them; Kartverket's (971040238) does not.
 */
const PUBLISHER = '974760673';
const PARENT = '912660680';
const OTHER = '971040238';
const ADMIN_TOKEN = 'matrix-admin-token';

type Caller = 'no token' | 'expired' | 'revoked' | "other organisation's admin" | "own organisation's admin" | "own organisation's admin (JWT)" | 'system admin';
const CALLERS: readonly Caller[] = ['no token', 'expired', 'revoked', "other organisation's admin", "own organisation's admin", "own organisation's admin (JWT)", 'system admin'];

interface WriteRoute {
  readonly method: string;
  /** The express path, as the app declares it (the walk below checks every write route is here). */
  readonly route: string;
  /** Only system admins (tokens, audit). */
  readonly adminOnly: boolean;
  readonly success: number;
  /** Sets up what the request acts on and returns the request's path and body. */
  prepare(): Promise<{ path: string; body?: unknown }>;
}

/** POST routes that change nothing and are public: reads with a body. */
const PUBLIC_POST_ROUTES = new Set(['POST /sparql', 'POST /api/validate', 'POST /api/search', 'POST /api/search/:type', 'POST /validator']);

let server: RunningServer;
let fixtures: FixtureServer;
let issuer: FixtureIssuer;
let dataDir: string;
let tokens: Record<Caller, string | undefined>;
let counter = 0;

async function api(method: string, pathname: string, token: string | undefined, body?: unknown): Promise<{ status: number; body: Record<string, unknown>; challenge: string | null }> {
  const headers: Record<string, string> = {};
  if (token !== undefined) headers.Authorization = `Bearer ${token}`;
  if (body !== undefined) headers['Content-Type'] = 'application/json';
  const res = await fetch(`${server.url}${pathname}`, { method, headers, ...(body !== undefined ? { body: JSON.stringify(body) } : {}) });
  const text = await res.text();
  return { status: res.status, body: text === '' ? {} : (JSON.parse(text) as Record<string, unknown>), challenge: res.headers.get('www-authenticate') };
}

/** A new source of the publisher, registered by the system admin, with its own catalog document. */
async function newSource(): Promise<string> {
  const n = ++counter;
  fixtures.set(`/catalog-${n}.ttl`, { body: readFileSync(path.join(import.meta.dirname, '../harvest/fixtures/catalog-v1.ttl')) });
  const created = await api('POST', '/api/sources', ADMIN_TOKEN, { url: fixtures.url(`/catalog-${n}.ttl`), publisher: PUBLISHER, name: `Source ${n}` });
  expect(created.status).toBe(201);
  return created.body.id as string;
}

const ROUTES: readonly WriteRoute[] = [
  {
    method: 'POST',
    route: '/api/sources',
    adminOnly: false,
    success: 201,
    prepare: async () => {
      const n = ++counter;
      return { path: '/api/sources', body: { url: fixtures.url(`/registered-${n}.ttl`), publisher: PUBLISHER } };
    },
  },
  { method: 'POST', route: '/api/sources/:id/harvest', adminOnly: false, success: 200, prepare: async () => ({ path: `/api/sources/${await newSource()}/harvest?wait=true` }) },
  { method: 'DELETE', route: '/api/sources/:id', adminOnly: false, success: 204, prepare: async () => ({ path: `/api/sources/${await newSource()}` }) },
  { method: 'POST', route: '/api/sources/:id/harvest?dryRun=true', adminOnly: false, success: 200, prepare: async () => ({ path: `/api/sources/${await newSource()}/harvest?dryRun=true` }) },
  { method: 'PATCH', route: '/api/sources/:id', adminOnly: false, success: 200, prepare: async () => ({ path: `/api/sources/${await newSource()}`, body: { name: 'Renamed', intervalMs: 3_600_000 } }) },
  { method: 'POST', route: '/api/sources/:id/pause', adminOnly: false, success: 200, prepare: async () => ({ path: `/api/sources/${await newSource()}/pause` }) },
  {
    method: 'POST',
    route: '/api/sources/:id/resume',
    adminOnly: false,
    success: 200,
    prepare: async () => {
      const id = await newSource();
      expect((await api('POST', `/api/sources/${id}/pause`, ADMIN_TOKEN)).status).toBe(200);
      return { path: `/api/sources/${id}/resume` };
    },
  },
  { method: 'POST', route: '/api/tokens', adminOnly: true, success: 201, prepare: async () => ({ path: '/api/tokens', body: { role: 'org-admin', organisation: PUBLISHER, name: 'made in the matrix' } }) },
  {
    method: 'DELETE',
    route: '/api/tokens/:id',
    adminOnly: true,
    success: 200,
    prepare: async () => {
      const created = await api('POST', '/api/tokens', ADMIN_TOKEN, { role: 'org-admin', organisation: PUBLISHER });
      return { path: `/api/tokens/${created.body.id as string}` };
    },
  },
];

/** Admin-only reads: the same callers, nothing to change. */
const ADMIN_READS = ['/api/tokens', '/api/audit'];

/** What the catalog holds: a refused request leaves all of it as it was. (A token's last use is bookkeeping, left out.) */
async function catalogState(): Promise<string> {
  const store = server.catalog.store;
  const runs = await store.listRuns({ limit: 10_000 });
  const tokenList = (await store.listTokens()).map(({ lastUsedAt: _used, ...t }) => t);
  return JSON.stringify({ sources: await store.listSources(), runs, records: await store.countRecords(), seq: await store.latestChangeSeq(), tokens: tokenList });
}

function expected(route: { adminOnly: boolean; success: number }, caller: Caller): { status: number; code?: string } {
  switch (caller) {
    case 'no token':
      return { status: 401, code: 'unauthorized' };
    case 'expired':
      return { status: 401, code: 'token-expired' };
    case 'revoked':
      return { status: 401, code: 'token-revoked' };
    case "other organisation's admin":
      return { status: 403, code: 'not-permitted' };
    case "own organisation's admin":
    case "own organisation's admin (JWT)":
      return route.adminOnly ? { status: 403, code: 'not-permitted' } : { status: route.success };
    case 'system admin':
      return { status: route.success };
  }
}

beforeAll(async () => {
  fixtures = await startFixtureServer();
  issuer = await startFixtureIssuer();
  dataDir = await mkdtemp(path.join(tmpdir(), 'dk-matrix-'));
  const config = loadConfig(serviceTestEnv(dataDir, fixtures.origin, ADMIN_TOKEN, { ORGANISATION_REGISTER_URL: 'off', OIDC_ISSUER: issuer.issuer, OIDC_REQUIRED_SCOPE: 'datakatalog:write' }));
  server = await startServer(config, silentLogger);
  const make = async (body: Record<string, unknown>): Promise<{ token: string; id: string }> => {
    const res = await api('POST', '/api/tokens', ADMIN_TOKEN, body);
    expect(res.status).toBe(201);
    return { token: res.body.token as string, id: res.body.id as string };
  };
  const revoked = await make({ role: 'org-admin', organisation: PARENT, name: 'to be revoked' });
  expect((await api('DELETE', `/api/tokens/${revoked.id}`, ADMIN_TOKEN)).status).toBe(200);
  // An expired token of the right organisation: only its expiry refuses it.
  const expiredSecret = newTokenSecret();
  await server.catalog.store.saveToken({ id: 'expired-token', role: 'org-admin', organisation: PARENT, hash: tokenHash(expiredSecret), createdAt: '2025-01-01T00:00:00.000Z', createdBy: 'test', expiresAt: '2025-04-01T00:00:00.000Z' });
  tokens = {
    'no token': undefined,
    expired: expiredSecret,
    revoked: revoked.token,
    "other organisation's admin": (await make({ role: 'org-admin', organisation: OTHER })).token,
    "own organisation's admin": (await make({ role: 'org-admin', organisation: PARENT, expires: '90d' })).token,
    "own organisation's admin (JWT)": await issuer.sign(maskinportenClaims(PUBLISHER), { expiresIn: 3600 }),
    'system admin': ADMIN_TOKEN,
  };
});

afterAll(async () => {
  await server?.close();
  await fixtures?.close();
  await issuer?.close();
  await rm(dataDir, { recursive: true, force: true });
});

describe('who may write: every write route × every kind of caller', () => {
  for (const route of ROUTES) {
    describe(`${route.method} ${route.route}`, () => {
      for (const caller of CALLERS) {
        const want = expected(route, caller);
        it(`${caller}: ${want.status}${want.code !== undefined ? ` ${want.code}` : ''}${want.status >= 400 ? ', and nothing changes' : ''}`, async () => {
          const { path: pathname, body } = await route.prepare();
          const before = await catalogState();
          const res = await api(route.method, pathname, tokens[caller], body);
          expect(res.status, JSON.stringify(res.body)).toBe(want.status);
          if (want.code !== undefined) {
            expect(res.body.type).toBe(`https://w3id.org/datakatalog/problems/${want.code}`);
            expect(res.body.detail).toEqual(expect.any(String));
            // A 401 says how to authenticate (RFC 9110 §11.6.1), and that a token sent failed (RFC 6750 §3).
            if (want.status === 401) expect(res.challenge).toBe(want.code === 'unauthorized' ? 'Bearer realm="datakatalog"' : 'Bearer realm="datakatalog", error="invalid_token"');
            else expect(res.challenge).toBeNull();
            expect(await catalogState()).toBe(before);
          } else if (route.route.endsWith('dryRun=true')) {
            expect(res.body).toMatchObject({ dryRun: true, state: 'succeeded' });
            expect(await catalogState()).toBe(before); // a dry run publishes nothing, also when allowed
          } else {
            expect(await catalogState()).not.toBe(before);
          }
        });
      }
    });
  }

  for (const read of ADMIN_READS) {
    it(`GET ${read} is for system admins only`, async () => {
      for (const caller of CALLERS) {
        const want = expected({ adminOnly: true, success: 200 }, caller);
        expect((await api('GET', read, tokens[caller])).status, caller).toBe(want.status);
      }
    });
  }

  it('covers every route of the app that is not a read (a new write route must be added to this matrix)', () => {
    const found = new Set<string>();
    const walk = (stack: readonly { route?: { path: string; methods: Record<string, boolean> }; handle?: { stack?: unknown[] } }[]): void => {
      for (const layer of stack) {
        if (layer.route !== undefined) {
          for (const [method, on] of Object.entries(layer.route.methods)) if (on && !['get', 'head', 'options', '_all'].includes(method)) found.add(`${method.toUpperCase()} ${layer.route.path}`);
        } else if (Array.isArray(layer.handle?.stack)) walk(layer.handle.stack as never);
      }
    };
    walk((server.app as unknown as { router: { stack: never } }).router.stack);
    const covered = new Set(ROUTES.map((r) => `${r.method} ${r.route.split('?')[0]!}`));
    const uncovered = [...found].filter((r) => !covered.has(r) && !PUBLIC_POST_ROUTES.has(r));
    expect(uncovered).toEqual([]);
    expect([...covered].filter((r) => !found.has(r))).toEqual([]);
  });

  it('records every write with a token in the audit log: who, what, when, outcome', async () => {
    const log = await api('GET', '/api/audit?limit=1000', ADMIN_TOKEN);
    const entries = log.body.entries as { actor: string; action: string; outcome: string; status: number; at: string; detail?: string }[];
    const refusedExpired = entries.find((e) => e.outcome === 'refused' && e.status === 401 && /expired/.test(e.detail ?? ''));
    expect(refusedExpired).toMatchObject({ actor: 'anonymous' });
    const other = entries.find((e) => e.status === 403 && e.action.startsWith('DELETE /api/sources/'));
    expect(other?.actor).toMatch(/^token:/);
    expect(other?.detail).toMatch(/manages organisation 971040238/);
    const jwt = entries.find((e) => e.actor === `jwt:client-of-${PUBLISHER}` && e.outcome === 'succeeded' && e.action === 'POST /api/sources');
    expect(jwt).toMatchObject({ status: 201 });
    expect(entries.some((e) => e.action.endsWith('/harvest?wait=true') && e.actor === 'admin-token' && e.outcome === 'succeeded')).toBe(true);
    expect(Date.parse(entries[0]!.at)).not.toBeNaN();
    expect(entries.some((e) => e.action.startsWith('GET '))).toBe(false); // reads are not writes
    // No header at all: nothing to attribute, nothing logged.
    expect(entries.some((e) => e.actor === 'anonymous' && e.detail?.includes('needs a token'))).toBe(false);
  });

  it('lists tokens with their last use, never their secret or hash', async () => {
    const list = await api('GET', '/api/tokens', ADMIN_TOKEN);
    const all = list.body.tokens as Record<string, unknown>[];
    expect(all.length).toBeGreaterThan(3);
    for (const t of all) {
      expect(t).not.toHaveProperty('hash');
      expect(t).not.toHaveProperty('token');
    }
    const used = all.filter((t) => t.organisation === OTHER);
    expect(used[0]?.lastUsedAt).toEqual(expect.any(String));
  });

  it('refuses to keep an authentication header when SOURCE_SECRET_KEY is not set (503), storing nothing', async () => {
    const before = await catalogState();
    const res = await api('POST', '/api/sources', tokens['system admin'], { url: fixtures.url('/protected.ttl'), publisher: PUBLISHER, authentication: { value: 'Bearer x' } });
    expect(res.status).toBe(503);
    expect(res.body.type).toBe('https://w3id.org/datakatalog/problems/source-secrets-unavailable');
    expect(await catalogState()).toBe(before);
  });
});
