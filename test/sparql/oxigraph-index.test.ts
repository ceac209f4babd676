import { afterEach, describe, expect, it } from 'vitest';
import { BadRequestError, QueryTimeoutError, ServiceUnavailableError } from '../../src/core/errors.js';
import type { GraphReplacement, SparqlQueryRequest } from '../../src/core/ports/sparql-index.js';
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
    expect(m.index.status()).toMatchObject({ ready: 2, loading: 0 });
  });

  it('answers quick queries on one replica while another runs a long one', async () => {
    const m = await start(2);
    const stop = new AbortController();
    const slow = m.query(ask(SLOW, 20_000, { signal: stop.signal })).catch((e: unknown) => e);
    await new Promise((resolve) => setTimeout(resolve, 100));
    const started = performance.now();
    expect(valueOf(await m.query(ask(VALUE_OF_1)))).toBe('v1');
    expect(performance.now() - started).toBeLessThan(1500);
    expect(m.index.status().busy).toBe(1); // the long one is still running
    stop.abort(new Error('done waiting'));
    expect(await slow).toEqual(new Error('done waiting'));
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
    expect(m.index.status()).toMatchObject({ busy: 1, queued: 0 });
    stop.abort(new Error('done waiting'));
    await slow;
  });

  // These two apply to the index directly, leaving the model (loadAll) behind: only the replay can bring the changes in.
  it('refills a stopped replica from loadAll and then replays the changes applied while it loaded', async () => {
    const m = await start(1);
    const stopped = await m.query(ask(SLOW, 300)).catch((e: unknown) => e);
    expect(stopped).toBeInstanceOf(QueryTimeoutError);
    expect(m.index.status().loading).toBe(1);
    await m.index.apply([graph(1, 'changed while loading'), graph(2)]);
    expect(valueOf(await m.query(ask(VALUE_OF_1)))).toBe('changed while loading');
    expect(valueOf(await m.query(ask(COUNT)))).toBe('242');
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
    const m = await start(1, [graph(1)], { workerModule: { callerUrl: import.meta.url, relative: './fixtures/crashing-replica-worker' }, restartDelayMs: 10 });
    const error = await m.query(ask(`${VALUE_OF_1} #crash-replica`)).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(ServiceUnavailableError);
    await m.apply([graph(1, 'after the crash')]);
    expect(valueOf(await m.query(ask(VALUE_OF_1)))).toBe('after the crash');
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
