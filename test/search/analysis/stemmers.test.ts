import { readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { stemEnglish } from '../../../src/search/analysis/english-stemmer.js';
import { stemNorwegian } from '../../../src/search/analysis/norwegian-stemmer.js';

const here = path.dirname(fileURLToPath(import.meta.url));
/** Word → stem pairs written by the C Snowball library (libstemmer 2.2); see fixtures/generate-stems.py. */
const pairs = (file: string): [string, string][] =>
  readFileSync(path.join(here, 'fixtures', file), 'utf8')
    .trim()
    .split('\n')
    .map((l) => l.split('\t') as [string, string]);

describe('Snowball stemmers', () => {
  it('stems 3 000 Norwegian words (LOS labels and notes, bokmål and nynorsk) exactly as libstemmer does', () => {
    const wrong = pairs('norwegian-stems.tsv').filter(([w, s]) => stemNorwegian(w) !== s);
    expect(wrong).toEqual([]);
  });

  it('stems 3 000 English words (EU vocabulary labels) exactly as libstemmer does', () => {
    const wrong = pairs('english-stems.tsv').filter(([w, s]) => stemEnglish(w) !== s);
    expect(wrong).toEqual([]);
  });

  it('lets inflected Norwegian forms meet', () => {
    expect(new Set(['barnehage', 'barnehager', 'barnehagen', 'barnehagene'].map(stemNorwegian))).toEqual(new Set(['barnehag']));
    expect(stemNorwegian('luftkvaliteten')).toBe('luftkvalitet');
    expect(new Set(['eiendom', 'eiendommer', 'eiendommene'].map(stemNorwegian)).size).toBeLessThanOrEqual(2);
  });

  it('lets inflected English forms meet', () => {
    expect(new Set(['runner', 'runners'].map(stemEnglish))).toEqual(new Set(['runner']));
    expect(new Set(['statistics', 'statistical'].map(stemEnglish))).toEqual(new Set(['statist']));
    expect(stemEnglish('generalizations')).toBe('general');
  });
});
