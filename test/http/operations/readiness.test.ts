import type { AddressInfo } from 'node:net';
import express from 'express';
import { afterEach, describe, expect, it } from 'vitest';
import { silentLogger } from '../../../src/core/ports/logger.js';
import type { SparqlIndex } from '../../../src/core/ports/sparql-index.js';
import type { Store } from '../../../src/core/ports/store.js';
import { healthRouter, type HealthRouteOptions } from '../../../src/http/routes/health.js';

const store = { countRecords: async () => ({ published: 1_000_000 }) } as unknown as Store;
const sparql = { status: () => ({ state: 'ready', quads: null, engines: { ready: 1, loading: 0, busy: 0 }, queued: 0 }) } as unknown as SparqlIndex;

let close: (() => Promise<void>) | undefined;
afterEach(async () => close?.());

/** /readyz of a health router with these options: its status and body. */
async function readyz(options: Partial<HealthRouteOptions>): Promise<{ status: number; body: Record<string, unknown> }> {
  const app = express().use(healthRouter({ store, sparql, logger: silentLogger, ...options }));
  const server = app.listen(0, '127.0.0.1');
  await new Promise((resolve) => server.once('listening', resolve));
  close = () => new Promise((resolve) => server.close(() => resolve()));
  const res = await fetch(`http://127.0.0.1:${(server.address() as AddressInfo).port}/readyz`);
  return { status: res.status, body: (await res.json()) as Record<string, unknown> };
}

describe('readiness and the indexes behind the store', () => {
  // After a harvest of a million datasets: the SPARQL server is hours behind, search minutes.
  const lag = async (): Promise<Record<string, number>> => ({ sparql: 770_000, search: 20_000, 'concept-lookup': 0 });

  it('is not ready while an index of its own is past the limit', async () => {
    const answer = await readyz({ indexLag: lag, maxIndexLag: 10_000 });
    expect(answer.status).toBe(503);
    expect(answer.body.problems).toEqual([
      'sparql index: 770000 changes behind the store (at most 10000 while ready)',
      'search index: 20000 changes behind the store (at most 10000 while ready)',
    ]);
  });

  it('stays ready while only indexes every node shares are behind (taking one node out helps nobody), and lists them', async () => {
    const shared = await readyz({ indexLag: lag, maxIndexLag: 10_000, sharedIndexes: () => new Set(['sparql', 'search']) });
    expect(shared.status).toBe(200);
    expect(shared.body).toMatchObject({ status: 'ready', indexLag: { sparql: 770_000, search: 20_000 }, sharedIndexes: ['search', 'sparql'] });
    // An index of the node's own still counts.
    const own = await readyz({ indexLag: lag, maxIndexLag: 10_000, sharedIndexes: () => new Set(['sparql']) });
    expect(own.status).toBe(503);
    expect(own.body.problems).toEqual(['search index: 20000 changes behind the store (at most 10000 while ready)']);
  });
});
