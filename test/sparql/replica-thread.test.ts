import { describe, expect, it } from 'vitest';
import { EngineRefusal, ReplicaGone, ReplicaThread } from '../../src/sparql/oxigraph/replica-thread.js';

const EX = 'https://replica-thread.example.no/';
const crowd = Array.from({ length: 240 }, (_, i) => ({ graph: `${EX}g/${i}`, ntriples: `<${EX}s/${i}> <${EX}p> "${i}" .\n` }));
const CROSS_JOIN = `SELECT (COUNT(*) AS ?n) { ?a <${EX}p> ?w . ?b <${EX}p> ?x . ?c <${EX}p> ?y . ?d <${EX}p> ?z . ?e <${EX}p> ?v }`;

describe('ReplicaThread', () => {
  it('loads graphs, answers queries and refuses bad ones with the engine message', async () => {
    const thread = new ReplicaThread(() => {});
    await thread.ready;
    expect(await thread.request({ op: 'load', changes: crowd })).toEqual({ graphs: 240, errors: [] });
    expect(await thread.request({ op: 'size' })).toBe(240);
    expect(await thread.request({ op: 'query', query: `SELECT (COUNT(*) AS ?n) { ?s <${EX}p> ?o }`, resultsFormat: 'text/csv', maxRows: 1000, maxChars: 1_000_000 })).toBe('n\r\n240\r\n');
    await expect(thread.request({ op: 'query', query: 'SELECT ?x WHERE {', resultsFormat: 'text/csv', maxRows: 1000, maxChars: 1_000_000 })).rejects.toBeInstanceOf(EngineRefusal);
    await thread.terminate();
  });

  it('stops a running WASM query at once when terminated', async () => {
    let lost = false;
    const thread = new ReplicaThread(() => (lost = true));
    await thread.ready;
    await thread.request({ op: 'load', changes: crowd });
    const running = thread.request({ op: 'query', query: CROSS_JOIN, resultsFormat: 'text/csv', maxRows: 1000, maxChars: 1_000_000 }); // 240^5 rows: hours
    await new Promise((resolve) => setTimeout(resolve, 200));
    const started = performance.now();
    await thread.terminate();
    expect(performance.now() - started).toBeLessThan(1000);
    await expect(running).rejects.toBeInstanceOf(ReplicaGone);
    expect(lost).toBe(false); // a stop that was asked for is not a loss
    await expect(thread.request({ op: 'size' })).rejects.toBeInstanceOf(ReplicaGone);
  });
});
