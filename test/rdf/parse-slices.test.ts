import { describe, expect, it } from 'vitest';
import { SLICE_BUDGET_MS } from '../../src/core/time-slices.js';
import { parseN3 } from '../../src/rdf/parse-n3.js';
import { countingLoopTurns, longestStretchWithoutTurn } from '../support/loop-turns.js';

/** About 2.4 MB of Turtle: 40 chunks of 64 KB, each quick to parse. */
const document = Array.from({ length: 30_000 }, (_, i) => `<https://slices.example.no/s/${i}> <https://slices.example.no/p> "value ${i}" .`).join('\n');

describe('Parsing Turtle on the thread that serves requests', () => {
  it('parses as many 64 KB chunks between two turns of the event loop as fit in the slice budget, not one', async () => {
    const chunks = Math.ceil(Buffer.byteLength(document) / 65_536);
    expect(chunks).toBeGreaterThanOrEqual(35);
    let quads = 0;
    const started = performance.now();
    const { turns } = await countingLoopTurns(() => parseN3(document, { syntax: 'turtle', baseIri: 'https://slices.example.no/', blankNodePrefix: 'b', onQuad: () => quads++ }));
    const ms = performance.now() - started;
    expect(quads).toBe(30_000);
    // A turn a slice of the budget (a few more for slices cut short), not one a chunk (36 turns on the old code).
    expect(turns).toBeLessThan(ms / SLICE_BUDGET_MS + 3);
  });

  it('still gives the loop a turn once a slice has taken its budget', async () => {
    const big = `${document}\n${document.replaceAll('/s/', '/t/')}\n${document.replaceAll('/s/', '/u/')}`;
    const started = performance.now();
    const { longestMs } = await longestStretchWithoutTurn(() => parseN3(big, { syntax: 'turtle', baseIri: 'https://slices.example.no/', blankNodePrefix: 'b', onQuad: () => undefined }));
    // Slices of about the budget: the loop gets many turns during the parse, never one at its end only.
    expect(longestMs).toBeLessThan((performance.now() - started) / 3);
  });
});
