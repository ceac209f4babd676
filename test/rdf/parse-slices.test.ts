import { describe, expect, it } from 'vitest';
import { SLICE_BUDGET_MS } from '../../src/core/time-slices.js';
import { parseN3 } from '../../src/rdf/parse-n3.js';
import { countingLoopTurns } from '../support/loop-turns.js';

/** About 2.4 MB of Turtle: 40 chunks of 64 KB, each quick to parse. */
const document = Array.from({ length: 30_000 }, (_, i) => `<https://slices.example.no/s/${i}> <https://slices.example.no/p> "value ${i}" .`).join('\n');

describe('Parsing Turtle on the thread that serves requests', () => {
  it('parses as many 64 KB chunks between two turns of the event loop as fit in the slice budget, not one', async () => {
    const chunks = Math.ceil(Buffer.byteLength(document) / 65_536);
    expect(chunks).toBeGreaterThanOrEqual(35);
    let quads = 0;
    const { turns } = await countingLoopTurns(() => parseN3(document, { syntax: 'turtle', baseIri: 'https://slices.example.no/', blankNodePrefix: 'b', onQuad: () => quads++ }));
    expect(quads).toBe(30_000);
    // A turn per chunk was 39 turns (each a whole crowded turn of the loop under load).
    expect(turns).toBeLessThan(chunks / 2);
  });

  it('still gives the loop a turn once a slice has taken its budget', async () => {
    let last = performance.now();
    let longest = 0;
    let parsing = true;
    const turn = (): void => {
      const now = performance.now();
      longest = Math.max(longest, now - last);
      last = now;
      if (parsing) setImmediate(turn);
    };
    setImmediate(turn);
    const big = `${document}\n${document.replaceAll('/s/', '/t/')}\n${document.replaceAll('/s/', '/u/')}`;
    await parseN3(big, { syntax: 'turtle', baseIri: 'https://slices.example.no/', blankNodePrefix: 'b', onQuad: () => undefined });
    parsing = false;
    await new Promise((resolve) => setImmediate(resolve));
    // A slice ends at the first chunk past the budget: the budget, one chunk (a few ms), slack for a busy machine.
    expect(longest).toBeLessThan(SLICE_BUDGET_MS + 80);
  });
});
