import { describe, expect, it } from 'vitest';
import { indexTerms, reversedTerms, termsOfWord } from '../../../src/search/analysis/index-terms.js';
import { foldedForms, foldWord, normalizeWord, words } from '../../../src/search/analysis/normalize.js';
import { analyzeQuery, MAX_TYPO_LENGTH, MAX_TYPO_QUERY_CHARS, typoAlternatives, typoCandidates } from '../../../src/search/analysis/query-analysis.js';
import { sortKey } from '../../../src/search/analysis/sort-key.js';
import { analysisLanguageOf } from '../../../src/search/analysis/text-language.js';
import { editDistance, editsOne } from '../../../src/search/analysis/typo-candidates.js';

describe('text analysis', () => {
  it('keeps æ, ø and å as letters and drops other diacritics', () => {
    expect(normalizeWord('SNØSKRED')).toBe('snøskred');
    expect(normalizeWord('Kafé')).toBe('kafe');
    expect(normalizeWord('Ålesund')).toBe('ålesund');
    expect(normalizeWord('A\u030alesund')).toBe('ålesund');
    expect(normalizeWord('Göteborg')).toBe('gøteborg');
  });

  it('splits text into words with their offsets, on punctuation and symbols', () => {
    expect(words('Snøskred: varsel (2024)!')).toEqual([
      { word: 'snøskred', start: 0, end: 8 },
      { word: 'varsel', start: 10, end: 16 },
      { word: '2024', start: 18, end: 22 },
    ]);
    expect(words('"OR" NOT * ^ : ( )').map((w) => w.word)).toEqual(['or', 'not']);
  });

  it('folds words typed without æ, ø and å: ø → o, å → a (aa → a), æ → ae and a', () => {
    expect(foldedForms('snøskred')).toEqual(['snoskred']);
    expect(foldedForms('næring').sort()).toEqual(['naering', 'naring']);
    expect(foldedForms('aalesund')).toEqual(['alesund']);
    expect(foldedForms('plain')).toEqual([]);
    expect(foldWord('ålesund')).toBe(foldWord('aalesund'));
  });

  it('indexes stems and their folded forms, without stopwords', () => {
    expect(termsOfWord('snøskredene', 'no')).toEqual(['snøskred', 'snoskred']);
    expect(termsOfWord('og', 'no')).toEqual([]);
    expect(indexTerms('Barnehager i Oslo', 'no')).toEqual(['barnehag', 'oslo']);
    expect(indexTerms('Avalanche warnings', 'en')).toEqual(['avalanch', 'warn']);
    expect(reversedTerms(['luftkvalitet', 'luft'])).toEqual(['tetilavktful']);
  });

  it('reads language tags: nb, nn, no and untagged are Norwegian', () => {
    expect(['nb', 'nn', 'no', '', 'nb-NO', 'nob'].map(analysisLanguageOf)).toEqual(['no', 'no', 'no', 'no', 'no', 'no']);
    expect(analysisLanguageOf('en-GB')).toBe('en');
    expect(analysisLanguageOf('se')).toBe('other');
  });

  it('analyses a query: stems, no stopwords, compound parts, typo keys for long words', () => {
    const a = analyzeQuery('Barnehagene i Oslo');
    expect(a.phrase).toBe('barnehagene i oslo');
    expect(a.words.map((w) => w.word)).toEqual(['barnehagene', 'oslo']);
    // Norwegian and English stems: the query's language is not known.
    expect(a.words[0]).toMatchObject({ exact: ['barnehag', 'barnehagen'], prefix: 'barnehag', suffix: 'gahenrab', typoKeys: ['barnehag'] });
    expect(a.words[1]!.typoKeys).toEqual([]);
    // A word typed with ø keeps it; one typed without also matches its folded forms.
    expect(analyzeQuery('mål').words[0]!.exact).toEqual(['mål']);
    expect(analyzeQuery('aalesund').words[0]!.exact).toContain('alesund');
    expect(analyzeQuery('"*" ( )').words).toEqual([]);
    expect(analyzeQuery('x '.repeat(500)).words.length).toBe(1);
  });

  it('corrects typos only in words of at most MAX_TYPO_LENGTH letters, and in a query only while their letters add up to MAX_TYPO_QUERY_CHARS', () => {
    // 15 made-up words of 64 letters gave about 100 000 candidates to stem and look up: 0.6 s a search.
    expect(analyzeQuery('a'.repeat(MAX_TYPO_LENGTH)).words[0]!.typoKeys).not.toEqual([]);
    expect(analyzeQuery('a'.repeat(MAX_TYPO_LENGTH + 1)).words[0]!.typoKeys).toEqual([]);
    const words = Array.from({ length: 15 }, (_, i) => `${String.fromCharCode(98 + i).repeat(29)}q`);
    const corrected = analyzeQuery(words.join(' ')).words.filter((w) => w.typoKeys.length > 0);
    expect(corrected.map((w) => w.word)).toEqual(words.slice(0, MAX_TYPO_QUERY_CHARS / 30));
    expect(corrected.reduce((n, w) => n + typoCandidates(w).length, 0)).toBeLessThan(60_000);
  });

  it('forgives one typo in words of five letters or more, only when the word is not in the index', () => {
    const index = new Set(['barnehag', 'stedsnavn', 'kvalitet']);
    const known = (t: string): boolean => index.has(t);
    expect(typoAlternatives(analyzeQuery('barnehgae').words[0]!, known).terms).toEqual(['barnehag']);
    expect(typoAlternatives(analyzeQuery('stedsnvan').words[0]!, known).terms).toEqual(['stedsnavn']);
    expect(typoAlternatives(analyzeQuery('kvalitet').words[0]!, known).terms).toEqual([]);
    expect(typoAlternatives(analyzeQuery('bil').words[0]!, known).terms).toEqual([]);
    // A misspelt first part of a compound is tried as a prefix.
    const prefixes = typoAlternatives(analyzeQuery('vaksinsajon').words[0]!, () => false, undefined, (p) => 'vaksinasjonsdekning'.startsWith(p));
    expect(prefixes.prefixes).toContain('vaksinasjon');
    expect(typoCandidates(analyzeQuery('arbeidsledigehet').words[0]!)).toContain('arbeidsled');
  });

  it('generates every string one edit away', () => {
    const edits = editsOne('kart');
    expect(edits.has('krat')).toBe(true);
    expect(edits.has('karte')).toBe(true);
    expect(edits.has('kat')).toBe(true);
    expect(edits.has('kort')).toBe(true);
    expect(edits.has('kart')).toBe(false);
    for (const e of edits) expect(editDistance('kart', e)).toBe(1);
  });

  it('sorts titles in Norwegian alphabetical order', () => {
    const titles = ['Åpne data', 'Zebra', 'Ørret', 'Ærlig', 'avfall', 'Éclair'];
    expect([...titles].sort((a, b) => (sortKey(a) < sortKey(b) ? -1 : 1))).toEqual(['avfall', 'Éclair', 'Zebra', 'Ærlig', 'Ørret', 'Åpne data']);
  });
});
