import { afterEach, describe, expect, it, vi } from 'vitest';
import type { Logger } from '../../src/core/ports/logger.js';
import { logContext } from '../../src/core/log-context.js';
import { BadRequestError, QueryMemoryError, QueryTimeoutError, ResultTooLargeError, ServiceUnavailableError, TooManyRequestsError } from '../../src/core/errors.js';
import type { GraphReplacement, SparqlQueryRequest } from '../../src/core/ports/sparql-index.js';
import { ReplicaThread } from '../../src/sparql/oxigraph/replica-thread.js';
import { sparqlIndexContract } from '../contract/sparql-index.contract.js';
import { ModelledIndex } from './modelled-index.js';

sparqlIndexContract('OxigraphSparqlIndex, 2 replicas', async () => {
  const m = new ModelledIndex({ replicas: 2 });
  await m.index.ready();
  return m;
});

const EX = 'https://oxigraph-test.example.no/';
const graph = (i: number, value = `v${i}`): GraphReplacement => ({ graph: `${EX}g/${i}`, ntriples: `<${EX}s/${i}> <${EX}p> "${value}" .\n` });
const crowd = Array.from({ length: 240 }, (_, i) => graph(1000 + i));
const SLOW = `SELECT (COUNT(*) AS ?n) { ?a <${EX}p> ?w . ?b <${EX}p> ?x . ?c <${EX}p> ?y . ?d <${EX}p> ?z . ?e <${EX}p> ?v }`;
const COUNT = `SELECT (COUNT(*) AS ?n) { ?s <${EX}p> ?o }`;
const VALUE_OF_1 = `SELECT ?o { <${EX}s/1> <${EX}p> ?o }`;

function ask(query: string, timeoutMs = 10_000, extra: Partial<SparqlQueryRequest> = {}): SparqlQueryRequest {
  return { query, form: 'SELECT', mediaType: 'text/csv', timeoutMs, ...extra };
}
/** Waits for a condition, checked every 20 ms; after `atLeastMs` at the earliest. */
async function until(condition: () => boolean, atLeastMs = 0): Promise<void> {
  await new Promise((resolve) => setTimeout(resolve, atLeastMs));
  while (!condition()) await new Promise((resolve) => setTimeout(resolve, 20));
}
/** The single value of a one-column CSV result. */
const valueOf = (csv: { body: string }): string | undefined => csv.body.split(/\r?\n/)[1];

describe('OxigraphSparqlIndex', () => {
  const open: ModelledIndex[] = [];
  afterEach(async () => {
    for (const m of open.splice(0)) await m.close();
  });
  async function start(replicas: number, initial: readonly GraphReplacement[] = [graph(1), ...crowd], extra = {}): Promise<ModelledIndex> {
    const m = new ModelledIndex({ replicas, ...extra }, initial);
    open.push(m);
    await m.index.ready();
    return m;
  }

  it('fills every replica from loadAll at start and reports the load', async () => {
    const m = await start(2);
    expect(await m.size()).toBe(241);
    expect(m.index.lastLoad).toMatchObject({ graphs: 241, quads: 241 });
    expect(m.index.replicaStates()).toMatchObject({ ready: 2, loading: 0 });
  });

  it('reports once per query how long it waited for an engine, by what was known of its cost when it arrived', async () => {
    const waits: { as: string; ms: number }[] = [];
    const m = await start(1, undefined, { onEngineWait: (as: string, ms: number) => waits.push({ as, ms }) });
    // A lookup of a named subject is known short; the long one has never run; the count behind it waits for the only engine.
    expect(valueOf(await m.query(ask(VALUE_OF_1)))).toBe('v1');
    const stop = new AbortController();
    const slow = m.query(ask(SLOW, 20_000, { signal: stop.signal })).catch((e: unknown) => e);
    await until(() => m.index.replicaStates().busy === 1);
    const behind = m.query(ask(COUNT));
    await new Promise((resolve) => setTimeout(resolve, 300));
    stop.abort(new Error('done waiting'));
    await slow;
    expect(valueOf(await behind)).toBe('241');
    expect(waits.map((w) => w.as)).toEqual(['light', 'unknown', 'unknown']);
    expect(waits[2]!.ms).toBeGreaterThanOrEqual(250);
    expect(waits[0]!.ms).toBeLessThan(waits[2]!.ms);
  });

  it('answers quick queries on one replica while another runs a long one', async () => {
    const m = await start(2);
    const stop = new AbortController();
    const slow = m.query(ask(SLOW, 20_000, { signal: stop.signal })).catch((e: unknown) => e);
    await new Promise((resolve) => setTimeout(resolve, 100));
    const started = performance.now();
    expect(valueOf(await m.query(ask(VALUE_OF_1)))).toBe('v1');
    expect(performance.now() - started).toBeLessThan(1500);
    expect(m.index.replicaStates().busy).toBe(1); // the long one is still running
    stop.abort(new Error('done waiting'));
    expect(await slow).toEqual(new Error('done waiting'));
  });

  it('sends short queries to a busy replica behind the one it runs, so their turns do not wait for this thread', async () => {
    const arrivals: number[] = [];
    const logger: Logger = {
      debug: () => {},
      info: (obj) => {
        const at = /^arrived at (\d+)/.exec(String((obj as { engineOutput?: string }).engineOutput ?? ''));
        if (at) arrivals.push(Number(at[1]));
      },
      warn: () => {},
      error: () => {},
      child: () => logger,
    };
    const m = await start(1, [graph(1), graph(2), graph(3)], { workerModule: { callerUrl: import.meta.url, relative: './fixtures/instrumented-replica-worker' }, logger });
    // Ground queries (no variables) are short without having run.
    const lookups = [1, 2, 3, 1, 2].map((i) => m.query(ask(`ASK { <${EX}s/${i}> <${EX}p> "v${i}" } #report-arrival`, 10_000, { form: 'ASK', mediaType: 'application/sparql-results+json' })));
    // This thread is busy for a second right after sending them, as under load: a query that had to wait
    // for the answer before it to be sent reaches the replica only after that.
    const busyUntil = Date.now() + 1000;
    while (Date.now() < busyUntil);
    const answers = await Promise.all(lookups);
    expect(answers.map((a) => (JSON.parse(a.body) as { boolean: boolean }).boolean)).toEqual([true, true, true, true, true]);
    expect(arrivals).toHaveLength(5);
    expect(arrivals.filter((at) => at < busyUntil)).toHaveLength(5);
  });

  describe('bounds', () => {
    it('refuses a result past the row cap as a whole, and gives one at the cap', async () => {
      const m = await start(1, [graph(1), ...crowd], { maxRows: 240 });
      const all = `SELECT ?s ?o { ?s <${EX}p> ?o }`; // 241 solutions
      const error = await m.query(ask(all)).catch((e: unknown) => e);
      expect(error).toBeInstanceOf(ResultTooLargeError);
      expect((error as ResultTooLargeError).message).toMatch(/more than 240 solutions/);
      expect((error as ResultTooLargeError).extra).toMatchObject({ maxRows: 240 });
      const atCap = await m.query(ask(`${all} LIMIT 240`));
      expect(atCap.body.trim().split('\r\n')).toHaveLength(241); // header and 240 rows
      for (const mediaType of ['application/sparql-results+json', 'application/sparql-results+xml', 'text/tab-separated-values']) {
        await expect(m.query(ask(all, 10_000, { mediaType }))).rejects.toBeInstanceOf(ResultTooLargeError);
      }
      const triples = await m.query({ query: `CONSTRUCT { ?s <${EX}q> ?o } WHERE { ?s <${EX}p> ?o }`, form: 'CONSTRUCT', mediaType: 'text/turtle', timeoutMs: 10_000 }).catch((e: unknown) => e);
      expect(triples).toBeInstanceOf(ResultTooLargeError);
    });

    it('stops a cross product at the cap instead of building it (16 M rows before)', async () => {
      const m = await start(1, [graph(1), ...crowd], { maxRows: 1000 });
      const started = performance.now();
      const error = await m.query(ask(`SELECT * { ?a ?b ?c . ?d ?e ?f . ?g ?h ?i }`, 10_000, { mediaType: 'application/sparql-results+json' })).catch((e: unknown) => e);
      expect(error).toBeInstanceOf(ResultTooLargeError);
      expect(performance.now() - started).toBeLessThan(3000);
    });

    it('refuses a result past the character cap', async () => {
      const m = await start(1, [graph(1), ...crowd], { maxResultChars: 2000 });
      const error = await m.query(ask(`SELECT ?s ?o { ?s <${EX}p> ?o }`)).catch((e: unknown) => e);
      expect(error).toBeInstanceOf(ResultTooLargeError);
      expect((error as ResultTooLargeError).extra).toMatchObject({ maxResultChars: 2000 });
      expect(valueOf(await m.query(ask(VALUE_OF_1)))).toBe('v1');
    });

    it('keeps a replica for light queries while heavy ones run, and caps the heavy ones per client', async () => {
      const m = await start(2, [graph(1), ...crowd], { heavyAfterMs: 200, heavyPerClient: 2 });
      const stop = new AbortController();
      const heavy = (variant: string) => m.query(ask(`${SLOW} # ${variant}`, 20_000, { signal: stop.signal, client: 'a' })).catch((e: unknown) => e);
      const first = heavy('1');
      await new Promise((resolve) => setTimeout(resolve, 400)); // past the light budget: it is heavy now
      const second = heavy('1'); // the same text again: heavy, waits (it may not take the last replica)
      await new Promise((resolve) => setTimeout(resolve, 50));
      expect(m.index.replicaStates()).toMatchObject({ busy: 1, queued: 1 });
      const t = performance.now();
      expect(valueOf(await m.query(ask(VALUE_OF_1, 10_000, { client: 'a' })))).toBe('v1');
      expect(performance.now() - t).toBeLessThan(1000);
      const third = await heavy('1');
      expect(third).toBeInstanceOf(TooManyRequestsError);
      expect((third as TooManyRequestsError).extra.retryAfter).toBeGreaterThan(0);
      stop.abort(new Error('done waiting'));
      await Promise.all([first, second]);
    });

    it('answers short queries while unseen long ones hold every engine: the last one to turn long is moved off', async () => {
      // Two queries never seen before, from one client, that would run for minutes: they take both engines.
      const m = await start(2, [graph(1), ...crowd], { heavyAfterMs: 100 });
      const stop = new AbortController();
      const unseen = [SLOW, SLOW.replaceAll('?', '?x')].map((query) => m.query(ask(query, 60_000, { signal: stop.signal, client: 'a' })).then(
        () => 'answered',
        (e: unknown) => e,
      ));
      await until(() => m.index.replicaStates().busy === 2);
      // A query with no variables (short without having run) from the same client, and another
      // client's unseen query: both answered while the long ones still run or wait.
      expect(JSON.parse((await m.query(ask('ASK {}', 60_000, { client: 'a', mediaType: 'application/sparql-results+json' }))).body)).toMatchObject({ boolean: true });
      expect(valueOf(await m.query(ask(VALUE_OF_1, 60_000, { client: 'b' })))).toBe('v1');
      expect(m.index.moved).toBe(1);
      expect(m.index.replicaStates()).toMatchObject({ busy: 1, queued: 1 }); // the moved one waits with the heavy ones
      stop.abort(new Error('done waiting'));
      expect(await Promise.all(unseen)).toEqual([new Error('done waiting'), new Error('done waiting')]);
    }, 20_000);

    it('gives a query known short that runs past the light budget a grace before moving it off (its engine is not restarted for a slow lookup)', async () => {
      const m = await start(2, [graph(1), graph(2), ...crowd], { heavyAfterMs: 1000, workerModule: { callerUrl: import.meta.url, relative: './fixtures/instrumented-replica-worker' } });
      // The lookup's shape and text are short (each run's time is what the pool remembers: a first run on a cold engine may be slow).
      for (let i = 0; i < 3; i++) expect(valueOf(await m.query(ask(VALUE_OF_1, 60_000, { client: 'b' })))).toBe('v1');
      expect(await m.query(ask(SLOW, 300, { client: 'a' })).catch((e: unknown) => e)).toBeInstanceOf(QueryTimeoutError); // SLOW's shape is long
      await until(() => m.index.replicaStates().ready === 2);
      const stop = new AbortController();
      const long = m.query(ask(`${SLOW} # again`, 60_000, { signal: stop.signal, client: 'a' })).catch((e: unknown) => e);
      await until(() => m.index.replicaStates().busy === 1);
      // A lookup of the short shape that holds its thread 2.5 s (past the light budget, within the grace
      // of five budgets), and another lookup waiting while the other engine runs long work.
      const slowLookup = m.query(ask(`${VALUE_OF_1.replace('s/1', 's/2')} #busy-replica-2500`, 60_000, { client: 'b' })).then(valueOf);
      await until(() => m.index.replicaStates().busy === 2);
      const next = m.query(ask(VALUE_OF_1, 60_000, { client: 'c' })).then(valueOf);
      expect(await Promise.all([slowLookup, next])).toEqual(['v2', 'v1']);
      expect(m.index.moved).toBe(0);
      stop.abort(new Error('done waiting'));
      expect(await long).toEqual(new Error('done waiting'));
    }, 30_000);

    it('knows a query by its shape (constants and comments blanked): another lookup is short, another copy of a long query is long', async () => {
      // No moves: an unknown query never takes the engine left for short ones, so only what is known short does.
      const m = await start(2, [graph(1), graph(2), ...crowd], { heavyAfterMs: 5000, heavyPerClient: 1, movesPerMinute: 0 });
      expect(valueOf(await m.query(ask(VALUE_OF_1, 60_000, { client: 'b' })))).toBe('v1');
      expect(await m.query(ask(SLOW, 300, { client: 'a' })).catch((e: unknown) => e)).toBeInstanceOf(QueryTimeoutError);
      await until(() => m.index.replicaStates().ready === 2);
      const stop = new AbortController();
      const long = m.query(ask(`${SLOW} # again`, 60_000, { signal: stop.signal, client: 'c' })).catch((e: unknown) => e);
      await until(() => m.index.replicaStates().busy === 1);
      // Known long by its shape: client c already has one, as many as it may.
      expect(await m.query(ask(`${SLOW.replaceAll(`${EX}p`, `${EX}q`)} # third`, 60_000, { client: 'c' })).catch((e: unknown) => e)).toBeInstanceOf(TooManyRequestsError);
      // Known short by its shape: takes the engine left for short queries.
      expect(valueOf(await m.query(ask(VALUE_OF_1.replace('s/1', 's/2'), 60_000, { client: 'b' })))).toBe('v2');
      // Unknown: waits, since it may not take that engine.
      const unknown = m.query(ask(COUNT, 60_000, { signal: stop.signal, client: 'b' })).catch((e: unknown) => e);
      await until(() => m.index.replicaStates().queued === 1);
      expect(m.index.replicaStates()).toMatchObject({ ready: 2, busy: 1, queued: 1 });
      stop.abort(new Error('done waiting'));
      expect(await Promise.all([long, unknown])).toEqual([new Error('done waiting'), new Error('done waiting')]);
    }, 20_000);

    it('takes copies of a query known to be short, sent at once by many clients, as short ones (not as a long one sent twice)', async () => {
      // No heavy query may wait at all: a copy taken as long would be refused.
      const m = await start(2, [graph(1), ...crowd], { heavyQueue: 0, heavyPerClient: 1 });
      expect(valueOf(await m.query(ask(VALUE_OF_1, 10_000, { client: 'first' })))).toBe('v1');
      const copies = await Promise.all(Array.from({ length: 8 }, (_, i) => m.query(ask(VALUE_OF_1, 10_000, { client: `client ${i}` })).then(valueOf, (e: unknown) => e)));
      expect(copies).toEqual(Array.from({ length: 8 }, () => 'v1'));
    });

    it('stops a query under which resident memory grows past the limit (422), logs it once and answers again', async () => {
      const MB = 1024 * 1024;
      let rss = 1000 * MB;
      const entries: { obj: unknown; msg: string | undefined }[] = [];
      const logger: Logger = { debug: () => {}, info: () => {}, warn: (obj, msg) => entries.push({ obj, msg }), error: () => {}, child: () => logger };
      const m = await start(1, [graph(1), ...crowd], { queryMemoryMb: 64, memorySampleMs: 10, residentMemory: () => rss, threadHeap: () => 200 * MB, logger });
      const slow = m.query(ask(SLOW, 60_000)).catch((e: unknown) => e);
      await until(() => m.index.replicaStates().busy === 1);
      rss += 60 * MB; // within the limit: it runs on
      await new Promise((resolve) => setTimeout(resolve, 100));
      expect(m.index.replicaStates().busy).toBe(1);
      rss += 10 * MB;
      const error = await slow;
      expect(error).toBeInstanceOf(QueryMemoryError);
      expect((error as QueryMemoryError).extra).toEqual({ memoryMb: 64 });
      expect((error as QueryMemoryError).message).toMatch(/more than the 64 MB of memory one query may use/);
      expect(entries).toEqual([{ obj: { replica: 0, rssMb: 1070, grewMb: 70, limitMb: 64 }, msg: expect.stringMatching(/memory one query may use/) as unknown }]);
      expect(valueOf(await m.query(ask(VALUE_OF_1)))).toBe('v1');
    });

    it("does not count this thread's heap growth (a harvest's) against a running query", async () => {
      const MB = 1024 * 1024;
      let rss = 1000 * MB;
      let heap = 200 * MB;
      const m = await start(1, [graph(1), ...crowd], { queryMemoryMb: 64, memorySampleMs: 10, residentMemory: () => rss, threadHeap: () => heap });
      const slow = m.query(ask(SLOW, 60_000)).catch((e: unknown) => e);
      await until(() => m.index.replicaStates().busy === 1);
      // The process grows by 300 MB, 280 of them in this thread's heap: the query's share is 20 MB.
      rss += 300 * MB;
      heap += 280 * MB;
      await new Promise((resolve) => setTimeout(resolve, 100));
      expect(m.index.replicaStates().busy).toBe(1);
      // Growth outside this thread's heap past the limit is the query's.
      rss += 50 * MB;
      expect(await slow).toBeInstanceOf(QueryMemoryError);
    });

    it('stops a sort over a cross product as the engine memory (outside the V8 heap) grows', async () => {
      // 3 000 quads: the product has 9 M rows, sorted whole before the first is given.
      const many = Array.from({ length: 3000 }, (_, i) => graph(5000 + i));
      const m = await start(1, many, { queryMemoryMb: 48, memorySampleMs: 50 });
      const error = await m.query(ask(`SELECT ?a ?c { ?a ?b ?c . ?d ?e ?f } ORDER BY ?c ?f LIMIT 1`, 120_000)).catch((e: unknown) => e);
      expect(error).toBeInstanceOf(QueryMemoryError);
      expect(valueOf(await m.query(ask(`SELECT ?o { <${EX}s/5000> <${EX}p> ?o }`)))).toBe('v5000');
    }, 150_000);

    it('caps the heavy queries waiting in all with 503 and Retry-After', async () => {
      const m = await start(1, [graph(1), ...crowd], { heavyAfterMs: 100, heavyQueue: 1, heavyPerClient: 5 });
      const stop = new AbortController();
      const run = (client: string) => m.query(ask(SLOW, 20_000, { signal: stop.signal, client })).catch((e: unknown) => e);
      const first = run('a');
      await new Promise((resolve) => setTimeout(resolve, 300));
      const second = run('b'); // the same text, running: heavy, waits
      const third = await run('c');
      expect(third).toBeInstanceOf(ServiceUnavailableError);
      expect((third as ServiceUnavailableError).extra.retryAfter).toBeGreaterThan(0);
      stop.abort(new Error('done waiting'));
      await Promise.all([first, second]);
    });

    it("holds a client's long and unseen queries once it has spent its engine time, answering 429 at their limit; others and its light queries run", async () => {
      // A second at once and almost no refill: the client who ran 1.5 s stays spent for the whole test.
      const m = await start(2, [graph(1), ...crowd], { heavyAfterMs: 100, clientEngineTime: { perMinuteMs: 60, burstMs: 1_000 } });
      expect(await m.query(ask(SLOW, 1_500, { client: 'a' })).catch((e: unknown) => e)).toBeInstanceOf(QueryTimeoutError);
      await until(() => m.index.replicaStates().ready === 2);
      const held = m.query(ask(`${SLOW} # another`, 1_500, { client: 'a' })).catch((e: unknown) => e);
      const unseen = m.query(ask('SELECT (COUNT(*) AS ?n) { ?s ?p ?o }', 1_500, { client: 'a' })).catch((e: unknown) => e);
      await new Promise((resolve) => setTimeout(resolve, 50));
      // Both engines are idle and ready, yet both wait.
      expect(m.index.replicaStates()).toMatchObject({ ready: 2, busy: 0, queued: 2 });
      // Another client's unseen query runs meanwhile; so does the spent client's query known to be short.
      expect(valueOf(await m.query(ask(COUNT, 10_000, { client: 'b' })))).toBe('241');
      expect(valueOf(await m.query(ask(VALUE_OF_1, 10_000, { client: 'b' })))).toBe('v1');
      expect(valueOf(await m.query(ask(VALUE_OF_1, 10_000, { client: 'a' })))).toBe('v1');
      for (const answer of [await held, await unseen]) {
        expect(answer).toBeInstanceOf(TooManyRequestsError);
        expect((answer as TooManyRequestsError).message).toMatch(/engine time one client may use/);
        expect((answer as TooManyRequestsError).extra.retryAfter).toBeGreaterThan(60); // half a second in debt, at 60 ms a minute
      }
    });

    it('charges a stop before any refill the time the load from the store took, for the refill it causes', async () => {
      const m = await start(2, [graph(1), ...crowd], { heavyAfterMs: 100, clientEngineTime: { perMinuteMs: 60, burstMs: 5_000 } });
      // As if loading the store had taken 10 s: the refill of a stopped engine is reckoned to cost as much.
      m.index.lastLoad = { ...m.index.lastLoad!, ms: 10_000 };
      expect(await m.query(ask(SLOW, 600, { client: 'a' })).catch((e: unknown) => e)).toBeInstanceOf(QueryTimeoutError);
      await until(() => m.index.replicaStates().ready === 2);
      // 0.6 s run + 10 s refill > 5 s at once: spent, so its unseen query waits to its limit (charged 0.6 s alone, it would run).
      const answer = await m.query(ask('SELECT (COUNT(*) AS ?n) { ?s ?p ?o }', 1_000, { client: 'a' })).catch((e: unknown) => e);
      expect(answer).toBeInstanceOf(TooManyRequestsError);
    });

    it("runs a spent client's held query once its engine time has refilled, within the query's limit", async () => {
      // 100 ms of engine time a second: the stopped query's 600 ms and its engine's refill take 6 s and more to refill
      // (on a loaded machine the refill is slower, and is charged too).
      const m = await start(2, [graph(1), ...crowd], { heavyAfterMs: 100, clientEngineTime: { perMinuteMs: 6_000, burstMs: 1 } });
      expect(await m.query(ask(SLOW, 600, { client: 'a' })).catch((e: unknown) => e)).toBeInstanceOf(QueryTimeoutError);
      await until(() => m.index.replicaStates().ready === 2);
      const held = m.query(ask(COUNT, 30_000, { client: 'a' }));
      await new Promise((resolve) => setTimeout(resolve, 50));
      expect(m.index.replicaStates()).toMatchObject({ ready: 2, busy: 0, queued: 1 });
      expect(valueOf(await held)).toBe('241');
    });
  });

  describe('SPARQL the row cap cannot rewrite: the engine judges it', () => {
    // sparqljs (which sets the cap's LIMIT) does not read every query the engine does; such a query
    // runs as written, uncapped, instead of being refused.
    it('answers a SPARQL 1.1 query with a \\u escape in an IRI (sparqljs cannot read it)', async () => {
      const m = await start(1);
      expect(valueOf(await m.query(ask(`SELECT ?o { <\\u0068ttps://oxigraph-test.example.no/s/1> <${EX}p> ?o }`)))).toBe('v1');
    });

    it('answers a prefixed name with an escaped dot in a query with its own LIMIT (sparqljs writes it back as an IRI the engine refuses)', async () => {
      const m = await start(1, [graph(1), { graph: `${EX}g/dot`, ntriples: `<${EX}s/a.b> <${EX}p> "dotted" .\n` }], { maxRows: 10 });
      expect(valueOf(await m.query(ask(`PREFIX s: <${EX}s/> SELECT ?o { s:a\\.b <${EX}p> ?o } LIMIT 100`)))).toBe('dotted');
      expect(valueOf(await m.query(ask(`PREFIX s: <${EX}s/> SELECT ?o { s:a\\.b <${EX}p> ?o }`)))).toBe('dotted');
    });

    it('answers forms the engine reads beyond SPARQL 1.1 (RDF-star functions) instead of refusing them', async () => {
      const m = await start(1);
      expect(valueOf(await m.query(ask(`SELECT (COUNT(*) AS ?n) { ?s <${EX}p> ?o FILTER(!isTRIPLE(?o)) }`)))).toBe('241');
    });

    it('still refuses a result past the row cap when it ran uncapped', async () => {
      const m = await start(1, [graph(1), ...crowd], { maxRows: 100 });
      const error = await m.query(ask(`SELECT ?s { ?s <${EX}p> ?o FILTER(!isTRIPLE(?o)) }`)).catch((e: unknown) => e);
      expect(error).toBeInstanceOf(ResultTooLargeError);
    });

    it('refuses with 400 and the diagnosis what neither reads', async () => {
      const m = await start(1);
      const error = await m.query(ask('SELECT ?o { ?s ?p ?o')).catch((e: unknown) => e);
      expect(error).toBeInstanceOf(BadRequestError);
      expect((error as BadRequestError).message).toMatch(/syntax error at line 1/);
    });
  });

  it('queues queries in arrival order while every replica is busy', async () => {
    const m = await start(1);
    const finished: string[] = [];
    const slow = m.query(ask(SLOW, 500)).catch(() => finished.push('slow'));
    const first = m.query(ask(VALUE_OF_1)).then(() => finished.push('first'));
    const second = m.query(ask(COUNT)).then(() => finished.push('second'));
    await Promise.all([slow, first, second]);
    expect(finished).toEqual(['slow', 'first', 'second']);
  });

  it('stops a queued query that gets no replica within its limit, saying so', async () => {
    const m = await start(1);
    const stop = new AbortController();
    const slow = m.query(ask(SLOW, 20_000, { signal: stop.signal })).catch((e: unknown) => e);
    const error = await m.query(ask(COUNT, 300)).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(QueryTimeoutError);
    expect((error as Error).message).toMatch(/did not get a free SPARQL engine within its time limit of 300 ms/);
    expect(m.index.replicaStates()).toMatchObject({ busy: 1, queued: 0 });
    stop.abort(new Error('done waiting'));
    await slow;
  });

  // These two apply to the index directly, leaving the model (loadAll) behind: only the replay can bring the changes in.
  describe('letting replicas go (a catalog grown past what SPARQL_WORKERS=auto keeps two copies of)', () => {
    it('ends the thread of a replica let go; the one kept answers and takes changes', async () => {
      const m = await start(2);
      const terminate = vi.spyOn(ReplicaThread.prototype, 'terminate');
      try {
        m.index.keepReplicas(1);
        expect(m.index.replicaStates()).toMatchObject({ ready: 1, loading: 0 });
        expect(terminate).toHaveBeenCalledTimes(1);
      } finally {
        terminate.mockRestore();
      }
      await m.apply([graph(1, 'after one was let go'), graph(2)]);
      expect(valueOf(await m.query(ask(VALUE_OF_1)))).toBe('after one was let go');
      expect(valueOf(await m.query(ask(COUNT)))).toBe('242');
      expect(m.index.status().engines).toMatchObject({ ready: 1, loading: 0 });
    });

    it('lets go of a replica running a query only once it has answered, and never the last ready one', async () => {
      const m = await start(2);
      const stops = [new AbortController(), new AbortController()];
      const slow = stops.map((stop, i) => m.query(ask(`${SLOW} # ${i}`, 20_000, { signal: stop.signal })).catch((e: unknown) => e));
      await until(() => m.index.replicaStates().busy === 2);
      m.index.keepReplicas(1);
      expect(m.index.replicaStates()).toMatchObject({ ready: 2, busy: 2 }); // both run a query: neither goes yet
      stops[0]!.abort(new Error('first done'));
      expect(await slow[0]).toEqual(new Error('first done'));
      await until(() => m.index.replicaStates().ready === 1);
      // The one still running is the last ready replica: it runs on, and answers after.
      expect(m.index.replicaStates()).toMatchObject({ ready: 1, busy: 1, loading: 0 });
      stops[1]!.abort(new Error('second done'));
      expect(await slow[1]).toEqual(new Error('second done'));
      await until(() => m.index.replicaStates().loading === 0 && m.index.replicaStates().ready === 1);
      expect(valueOf(await m.query(ask(VALUE_OF_1)))).toBe('v1');
      expect(() => m.index.keepReplicas(0)).toThrow(/at least one replica/);
    });

    it('asks replicasWanted after applied batches, at most every replicasCheckMs, and never adds a replica', async () => {
      let wanted = 3;
      let asked = 0;
      const m = await start(2, undefined, {
        replicasCheckMs: 60_000,
        replicasWanted: () => {
          asked++;
          return Promise.resolve(wanted);
        },
      });
      await m.apply([graph(2)]);
      await until(() => asked === 1);
      expect(m.index.replicaStates().ready).toBe(2);
      wanted = 1;
      await m.apply([graph(3)]);
      await new Promise((resolve) => setTimeout(resolve, 50));
      expect(asked).toBe(1); // within replicasCheckMs: not asked again
      expect(m.index.replicaStates().ready).toBe(2);

      const n = await start(2, undefined, { replicasCheckMs: 0, replicasWanted: () => Promise.resolve(1) });
      await n.apply([graph(2)]);
      await until(() => n.index.replicaStates().ready === 1);
      await n.apply([graph(3)]);
      expect(valueOf(await n.query(ask(COUNT)))).toBe('243');
    });
  });

  it('refills a stopped replica from loadAll and then replays the changes applied while it loaded', async () => {
    const m = await start(1);
    const stopped = await m.query(ask(SLOW, 300)).catch((e: unknown) => e);
    expect(stopped).toBeInstanceOf(QueryTimeoutError);
    expect(m.index.replicaStates().loading).toBe(1);
    await m.index.apply([graph(1, 'changed while loading'), graph(2)]);
    expect(valueOf(await m.query(ask(VALUE_OF_1)))).toBe('changed while loading');
    expect(valueOf(await m.query(ask(COUNT)))).toBe('242');
    expect(m.index.cloned).toBe(0); // no other replica was ready to copy
    expect(m.loads).toBe(2);
  });

  it('refuses a query at once (503, Retry-After) while its only engine is refilled past its time limit; one whose limit reaches past the refill waits for it', async () => {
    const m = new ModelledIndex({ replicas: 1 }, [graph(1), ...crowd], 1500);
    open.push(m);
    await m.index.ready();
    expect(m.index.lastLoad!.ms).toBeGreaterThanOrEqual(1500);
    expect(await m.query(ask(SLOW, 300)).catch((e: unknown) => e)).toBeInstanceOf(QueryTimeoutError);
    expect(m.index.replicaStates()).toMatchObject({ ready: 0, loading: 1 });
    // Waiting out its limit would end in QueryTimeoutError (a queued query that got no engine); this one is refused before.
    const refused = await m.query(ask(VALUE_OF_1, 500)).catch((e: unknown) => e);
    expect(refused).toBeInstanceOf(ServiceUnavailableError);
    expect((refused as ServiceUnavailableError).extra.retryAfter).toBeGreaterThanOrEqual(1);
    expect((refused as Error).message).toMatch(/filled again from the catalog .* Try again in \d+ s/);
    expect(valueOf(await m.query(ask(VALUE_OF_1, 10_000)))).toBe('v1');
  });

  it("logs a stopped replica's refill as the index's own work, not under the requestId of the request whose query was stopped", async () => {
    const lines: { msg: string | undefined; context: unknown }[] = [];
    const record = (_obj: unknown, msg?: string): void => void lines.push({ msg, context: logContext.getStore() });
    const logger: Logger = { debug: () => {}, info: record, warn: record, error: record, child: () => logger };
    const m = await start(2, undefined, { logger });
    const stopped = await logContext.run({ requestId: 'the-stopped-request' }, () => m.query(ask(SLOW, 300)).catch((e: unknown) => e));
    expect(stopped).toBeInstanceOf(QueryTimeoutError);
    await until(() => m.index.replicaStates().ready === 2);
    const refill = lines.find((l) => /refilled from another replica/.test(l.msg ?? ''));
    expect(refill).toBeDefined();
    expect(refill!.context).toBeUndefined();
  });

  it('refills a replica stopped by its time limit from a dump of a ready one, without reading the store, and replays what arrived meanwhile', async () => {
    const m = await start(2);
    expect(m.loads).toBe(1);
    // Applied to the index only: a refill from loadAll (the model) would lose it, a copy keeps it.
    // A blank node and a literal with escapes and a language tag must come through the copy unchanged.
    const tricky = { graph: `${EX}g/3`, ntriples: `<${EX}s/3> <${EX}q> _:b .\n_:b <${EX}p> "a \\"quoted\\"\\nline"@nb .\n` };
    await m.index.apply([graph(1, 'only in the replicas'), tricky]);
    const stopped = await m.query(ask(SLOW, 300)).catch((e: unknown) => e);
    expect(stopped).toBeInstanceOf(QueryTimeoutError);
    expect(m.index.replicaStates().loading).toBe(1);
    await m.index.apply([graph(2, 'applied while it was copied')]);
    await until(() => m.index.replicaStates().ready === 2);
    expect(m.index.cloned).toBe(1);
    expect(m.loads).toBe(1);
    // Two at once: one on each replica, so the copy answers one of them.
    for (const query of [VALUE_OF_1, `SELECT ?o { <${EX}s/2> <${EX}p> ?o }`, COUNT]) {
      const answers = await Promise.all([m.query(ask(query)), m.query(ask(`${query} # the other replica`))]);
      expect(new Set(answers.map(valueOf)).size).toBe(1);
    }
    expect(valueOf(await m.query(ask(VALUE_OF_1)))).toBe('only in the replicas');
    expect(valueOf(await m.query(ask(`SELECT ?o { <${EX}s/2> <${EX}p> ?o }`)))).toBe('applied while it was copied');
    expect(valueOf(await m.query(ask(COUNT)))).toBe('243');
    const TRICKY = `SELECT ?v ?g { GRAPH ?g { <${EX}s/3> <${EX}q> ?b . ?b <${EX}p> ?v } }`;
    const json = { mediaType: 'application/sparql-results+json' };
    const both = await Promise.all([m.query(ask(TRICKY, 10_000, json)), m.query(ask(`${TRICKY} # the other replica`, 10_000, json))]);
    for (const answer of both) {
      expect(JSON.parse(answer.body).results.bindings).toEqual([{ v: { type: 'literal', value: 'a "quoted"\nline', 'xml:lang': 'nb' }, g: { type: 'uri', value: `${EX}g/3` } }]);
    }
  });

  it('does not start a query of a form stopped at its time limit with less time left than that run had: it is refused, its engine kept', async () => {
    const m = await start(1);
    const stopped = await m.query(ask(SLOW, 1500)).catch((e: unknown) => e);
    expect(stopped).toBeInstanceOf(QueryTimeoutError);
    await until(() => m.index.replicaStates().ready === 1);
    const loads = m.loads;
    // The same form (another text: a comment) is known long, and has less time than the stopped run took.
    const started = performance.now();
    const refused = await m.query(ask(`${SLOW} # again`, 800)).catch((e: unknown) => e);
    expect(refused).toBeInstanceOf(QueryTimeoutError);
    expect((refused as Error).message).toMatch(/was not started/);
    expect(performance.now() - started).toBeLessThan(800);
    expect(m.index.replicaStates()).toMatchObject({ ready: 1, loading: 0 });
    expect(m.loads).toBe(loads);
    // With as much time as the stopped run had, it is tried.
    const tried = await m.query(ask(SLOW, 2500)).catch((e: unknown) => e);
    expect((tried as Error).message).not.toMatch(/was not started/);
  });

  describe('changes and queries share the replicas', () => {
    const many = (n: number, last: GraphReplacement): GraphReplacement[] => [...Array.from({ length: n }, (_, i) => graph(5000 + i)), last];

    it('answers a short query between the chunks of a large apply batch, not after the whole batch', async () => {
      const m = await start(1, [graph(1), ...crowd], { applyChunk: { maxGraphs: 10, maxChars: 1_000_000 } });
      await m.query(ask(VALUE_OF_1)); // now known to be short
      const settled: string[] = [];
      const applied = m.apply(many(400, graph(2))).then(() => settled.push('apply'));
      const answered = m.query(ask(VALUE_OF_1)).then(() => settled.push('query'));
      await Promise.all([applied, answered]);
      expect(settled).toEqual(['query', 'apply']);
      expect(valueOf(await m.query(ask(COUNT)))).toBe(String(241 + 401));
    });

    it('takes a lookup of named subjects as short the first time it is seen: it answers between the chunks, an unseen count after them', async () => {
      const m = await start(1, [graph(1), ...crowd], { applyChunk: { maxGraphs: 10, maxChars: 1_000_000 } });
      const settled: string[] = [];
      const applied = m.apply(many(400, graph(2))).then(() => settled.push('apply'));
      const lookup = m.query(ask(`SELECT ?o WHERE { <${EX}s/1> <${EX}p> ?o ; ?p ?o }`)).then(() => settled.push('lookup'));
      const count = m.query(ask(COUNT)).then(() => settled.push('count'));
      await Promise.all([applied, lookup, count]);
      expect(settled).toEqual(['lookup', 'apply', 'count']);
    });

    it('does not hold a change back while a long query runs on another replica; a query after apply() sees it', async () => {
      const m = await start(2);
      const stop = new AbortController();
      let slowSettled = false;
      const slow = m
        .query(ask(SLOW, 60_000, { signal: stop.signal }))
        .catch((e: unknown) => e)
        .finally(() => (slowSettled = true));
      await until(() => m.index.replicaStates().busy === 1);
      await m.apply([graph(1, 'while the long one ran')]);
      expect(slowSettled).toBe(false);
      expect(valueOf(await m.query(ask(VALUE_OF_1)))).toBe('while the long one ran');
      stop.abort(new Error('done waiting'));
      expect(await slow).toEqual(new Error('done waiting'));
      await until(() => m.index.replicaStates().ready === 2);
      // Both replicas hold the change: two at once run one on each.
      const answers = await Promise.all([m.query(ask(VALUE_OF_1)), m.query(ask(`${VALUE_OF_1} # the other replica`))]);
      expect(answers.map(valueOf)).toEqual(['while the long one ran', 'while the long one ran']);
    });

    it('drops on rebuild what a lagging replica had yet to apply from before it', async () => {
      const m = await start(2, [graph(1), ...crowd], { applyChunk: { maxGraphs: 1, maxChars: 1_000_000 } });
      await m.apply(many(200, graph(2, 'before the rebuild'))); // one replica holds it; the other may still be applying it
      await m.index.rebuild(
        (async function* () {
          yield [graph(1, 'rebuilt')];
        })(),
      );
      const answers = await Promise.all([m.query(ask(COUNT)), m.query(ask(`${COUNT} # the other replica`))]);
      expect(answers.map(valueOf)).toEqual(['1', '1']);
    });

    it('never answers a query that came after apply() from a replica still applying that batch', async () => {
      const m = await start(2, [graph(1), ...crowd], { applyChunk: { maxGraphs: 10, maxChars: 1_000_000 } });
      await m.query(ask(VALUE_OF_1));
      await m.apply(many(300, graph(1, 'last of a long batch')));
      const answers = await Promise.all(Array.from({ length: 6 }, (_, i) => m.query(ask(`${VALUE_OF_1} # ${i}`))));
      expect(answers.map(valueOf)).toEqual(Array.from({ length: 6 }, () => 'last of a long batch'));
    });
  });

  it('refills a stopped replica from a dump of one that was busy with a longer query once it is free, not from the store', async () => {
    const m = await start(2, [graph(1), ...crowd], { cloneWaitMs: 60_000 });
    const CUBE = `SELECT (COUNT(*) AS ?n) { ?a <${EX}p> ?x . ?b <${EX}p> ?y . ?c <${EX}p> ?z }`;
    const cube = m.query(ask(CUBE, 60_000));
    await until(() => m.index.replicaStates().busy === 1);
    expect(await m.query(ask(SLOW, 300)).catch((e: unknown) => e)).toBeInstanceOf(QueryTimeoutError);
    expect(valueOf(await cube)).toBe(String(241 ** 3));
    await until(() => m.index.replicaStates().ready === 2);
    expect(m.index.cloned).toBe(1);
    expect(m.loads).toBe(1);
  });

  it('replays a change that was waiting behind a stopped query', async () => {
    const m = await start(1);
    const slow = m.query(ask(SLOW, 500)).catch((e: unknown) => e);
    await new Promise((resolve) => setTimeout(resolve, 50));
    await m.index.apply([graph(1, 'waited behind the slow query')]); // resolves once the replica is replaced
    expect(await slow).toBeInstanceOf(QueryTimeoutError);
    expect(valueOf(await m.query(ask(VALUE_OF_1)))).toBe('waited behind the slow query');
  });

  it('restarts a replica that crashes: the query gets ServiceUnavailableError and the next ones are answered', async () => {
    const m = await start(1, [graph(1)], { workerModule: { callerUrl: import.meta.url, relative: './fixtures/instrumented-replica-worker' }, restartDelayMs: 10 });
    const error = await m.query(ask(`${VALUE_OF_1} #crash-replica`)).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(ServiceUnavailableError);
    await m.apply([graph(1, 'after the crash')]);
    expect(valueOf(await m.query(ask(VALUE_OF_1)))).toBe('after the crash');
  });

  it('logs an engine panic as one entry (no plain text on stderr) and answers the query as a problem', async () => {
    const entries: { level: string; obj: unknown; msg: string | undefined }[] = [];
    const logger: Logger = {
      debug: () => {},
      info: (obj, msg) => entries.push({ level: 'info', obj, msg }),
      warn: (obj, msg) => entries.push({ level: 'warn', obj, msg }),
      error: (obj, msg) => entries.push({ level: 'error', obj, msg }),
      child: () => logger,
    };
    const stderr = vi.spyOn(process.stderr, 'write');
    const m = await start(1, [graph(1)], { workerModule: { callerUrl: import.meta.url, relative: './fixtures/instrumented-replica-worker' }, restartDelayMs: 10, logger });
    const error = await m.query(ask(`${VALUE_OF_1} #panic-replica`)).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(ServiceUnavailableError);
    const panic = entries.filter((e) => JSON.stringify(e.obj).includes('capacity overflow'));
    expect(panic).toHaveLength(1);
    expect(panic[0]).toMatchObject({ level: 'error', msg: 'The SPARQL engine wrote to its console.' });
    expect((panic[0]!.obj as { engineOutput: string }).engineOutput).toMatch(/^panicked at .*\ncapacity overflow\nStack:/);
    expect(stderr.mock.calls.map((c) => String(c[0])).join('')).not.toContain('capacity overflow');
    stderr.mockRestore();
    expect(valueOf(await m.query(ask(VALUE_OF_1)))).toBe('v1');
  });

  it('names graphs whose N-Triples cannot be loaded and loads the rest of the batch', async () => {
    const m = await start(2, []);
    const broken = { graph: `${EX}g/broken`, ntriples: `<${EX}s/x> <${EX}p> "unterminated .\n` };
    await expect(m.apply([graph(1), broken, graph(2)])).rejects.toThrow(`${EX}g/broken`);
    expect(valueOf(await m.query(ask(COUNT)))).toBe('2');
  });

  it('refuses graph names that are not absolute IRIs', async () => {
    const m = await start(1, []);
    await expect(m.index.apply([{ graph: 'not an iri', ntriples: null }])).rejects.toThrow(/not an absolute IRI/);
    await expect(m.index.apply([{ graph: `${EX}g/<bad>`, ntriples: null }])).rejects.toThrow(/not an absolute IRI/);
  });

  it('refuses a result format the engine cannot write, with BadRequestError', async () => {
    const m = await start(1, [graph(1)]);
    await expect(m.query(ask(VALUE_OF_1, 5000, { mediaType: 'text/turtle' }))).rejects.toBeInstanceOf(BadRequestError);
    expect((await m.query(ask(VALUE_OF_1, 5000, { mediaType: 'text/csv; charset=utf-8' }))).mediaType).toBe('text/csv');
  });

  it('answers nothing once closed', async () => {
    const m = await start(1);
    const slow = m.query(ask(SLOW, 10_000)).catch((e: unknown) => e);
    await new Promise((resolve) => setTimeout(resolve, 50));
    await m.close();
    expect(await slow).toBeInstanceOf(ServiceUnavailableError);
    await expect(m.query(ask(VALUE_OF_1))).rejects.toBeInstanceOf(ServiceUnavailableError);
    await expect(m.apply([graph(2)])).rejects.toBeInstanceOf(ServiceUnavailableError);
  });
});
