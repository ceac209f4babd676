import { describe, expect, it } from 'vitest';
import { graphDelta, replayVersions } from '../../src/core/record-version.js';

const a = '<https://example.org/a> <https://example.org/p> "1" .';
const b = '<https://example.org/b> <https://example.org/p> "2" .';
const c = '<https://example.org/c> <https://example.org/p> "3" .';

describe('graphDelta: the lines a version adds and removes, sorted, each once', () => {
  it('gives a first version every line of the graph, as canonical N-Triples keep them', () => {
    expect(graphDelta('', `${a}\n${b}\n${c}\n`)).toEqual({ added: [a, b, c], removed: [] });
  });

  it('sorts and deduplicates a first version whose lines are not canonical', () => {
    expect(graphDelta('', `${c}\n${a}\n\n${c}\n${b}\n`)).toEqual({ added: [a, b, c], removed: [] });
  });

  it('gives a removal every line of the graph it had, sorted and once', () => {
    expect(graphDelta(`${a}\n${b}\n`, '')).toEqual({ added: [], removed: [a, b] });
    expect(graphDelta(`${b}\n${a}\n${b}\n`, '  \n')).toEqual({ added: [], removed: [a, b] });
  });

  it('gives a change only the lines that differ', () => {
    expect(graphDelta(`${a}\n${b}\n`, `${c}\n${b}\n${a}\n`)).toEqual({ added: [c], removed: [] });
    expect(graphDelta(`${a}\n${c}\n`, `${b}\n${c}\n`)).toEqual({ added: [b], removed: [a] });
  });

  it('replays to the graph it was taken from', () => {
    const first = graphDelta('', `${c}\n${a}\n`);
    const second = graphDelta(`${a}\n${c}\n`, `${b}\n${c}\n`);
    const text = (lines: string[]): string => (lines.length === 0 ? '' : `${lines.join('\n')}\n`);
    const versions = [first, second].map((d) => ({ addedTriples: text(d.added), removedTriples: text(d.removed), base: false }));
    expect(replayVersions(versions)).toBe(`${b}\n${c}\n`);
  });
});
