import { describe, expect, it } from 'vitest';
import { analyzeQuery } from '../../src/search/analysis/query-analysis.js';
import { highlighterOf, snippet } from '../../src/search/highlight.js';

describe('snippets of a hit description', () => {
  const h = highlighterOf(analyzeQuery('luftkvalitet').words, []);

  it('mark the first match with a window around it', () => {
    const s = snippet(h, `${'ord '.repeat(100)}luftkvalitet i Oslo ${'ord '.repeat(100)}`, 'no');
    expect(s).toMatch(/^….*<mark>luftkvalitet<\/mark> i Oslo.*…$/);
  });

  it('look for the first match in the first 20 000 characters only (a description of megabytes was read whole per hit)', () => {
    expect(snippet(h, `${'ord '.repeat(4_000)}luftkvalitet`, 'no')).toMatch(/<mark>luftkvalitet<\/mark>$/);
    expect(snippet(h, `${'ord '.repeat(600_000)}luftkvalitet`, 'no')).toBeNull();
  });
});
