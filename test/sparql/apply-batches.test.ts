import { describe, expect, it } from 'vitest';
import { ApplyBatches, mergeChunks, queryWindowMs } from '../../src/sparql/oxigraph/apply-batches.js';

const change = (i: number, chars = 10) => ({ graph: `https://ex.example.no/g/${i}`, ntriples: 'x'.repeat(chars) });

describe('ApplyBatches', () => {
  it('cuts a batch into chunks of at most maxGraphs graphs and maxChars characters, the last marked', () => {
    const batches = new ApplyBatches({ maxGraphs: 3, maxChars: 25 });
    const { chunks } = batches.add([change(1), change(2), change(3), change(4), change(5, 30), change(6)]);
    expect(chunks.map((c) => c.changes.map((x) => x.graph.split('/').pop()))).toEqual([['1', '2'], ['3', '4'], ['5'], ['6']]);
    expect(chunks.map((c) => c.last)).toEqual([false, false, false, true]);
    expect(new Set(chunks.map((c) => c.seq))).toEqual(new Set([1]));
    expect(chunks.map((c) => c.order)).toEqual([1, 2, 3, 4]);
  });

  it('is done when the first replica has applied its last chunk, with that replica\'s load errors, and then visible', async () => {
    const batches = new ApplyBatches({ maxGraphs: 1, maxChars: 1000 });
    const { chunks, done } = batches.add([change(1), change(2)]);
    let result: unknown;
    void done.then((errors) => (result = errors));
    const error = { graph: 'https://ex.example.no/g/1', message: 'broken' };
    batches.applied(0, chunks[0]!, [error]);
    batches.applied(1, chunks[0]!, [error]);
    await Promise.resolve();
    expect(result).toBeUndefined();
    expect(batches.visibleSeq).toBe(0);
    batches.applied(1, chunks[1]!, []);
    expect(await done).toEqual([error]);
    expect(batches.visibleSeq).toBe(1);
    batches.applied(0, chunks[1]!, []); // the other replica catching up changes nothing
    expect(batches.openCount).toBe(0);
  });

  it('settles every open batch without errors when no replica can apply them', async () => {
    const batches = new ApplyBatches({ maxGraphs: 10, maxChars: 1000 });
    const a = batches.add([change(1)]);
    const b = batches.add([change(2)]);
    batches.settleAll();
    expect(await Promise.all([a.done, b.done])).toEqual([[], []]);
    expect(batches.visibleSeq).toBe(2);
  });

  it('merges two backlogs into one, each chunk once, in apply order', () => {
    const batches = new ApplyBatches({ maxGraphs: 1, maxChars: 1000 });
    const { chunks } = batches.add([change(1), change(2), change(3), change(4)]);
    const [c1, c2, c3, c4] = chunks;
    expect(mergeChunks([c3!, c4!], [c1!, c2!, c3!]).map((c) => c.order)).toEqual([1, 2, 3, 4]);
  });
});

describe('queryWindowMs: short queries between chunks while a replica is behind', () => {
  it('gives short queries as long as the last chunk took, so changes and queries share the engine evenly', () => {
    expect(queryWindowMs(120)).toBe(120);
  });

  it('gives them at least 50 ms after a quick chunk and at most 250 ms after a slow one', () => {
    expect(queryWindowMs(3)).toBe(50);
    expect(queryWindowMs(4_000)).toBe(250);
  });
});
