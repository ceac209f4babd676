import { describe, expect, it } from 'vitest';
import { firstLines } from '../../../src/sparql/remote/sparql-server.js';

describe("firstLines: a SPARQL server's error text, readable and bounded", () => {
  it('strips tags, folds space and trims to the length asked for', () => {
    expect(firstLines('<html><body><h1>Error</h1>\n<p>SP030: SPARQL compiler, line 1: syntax error</p></body></html>')).toBe('Error SP030: SPARQL compiler, line 1: syntax error');
    expect(firstLines(`${'x'.repeat(500)}`, 100)).toBe(`${'x'.repeat(100)}…`);
  });

  it('reads only the start of a body of 400 000 "<" without a ">" (the server echoes the query, which anyone can fill)', () => {
    // Matched by `<[^>]+>` from every position, such a body took 5 s at 100 000 characters and grew with the square.
    const text = firstLines(`SP030: syntax error in "${'<'.repeat(400_000)}"`);
    expect(text.startsWith('SP030: syntax error in "<<<')).toBe(true);
    expect(text.length).toBe(401);
  });
});
