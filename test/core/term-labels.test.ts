import { describe, expect, it } from 'vitest';
import { TermLabels } from '../../src/core/term-labels.js';

const ENVI = 'http://publications.europa.eu/resource/authority/data-theme/ENVI';
const BARNEHAGE = 'https://psi.norge.no/los/tema/barnehage';
const bundled = { name: 'bundled', entries: () => [[ENVI, { nb: 'Miljø', nn: 'Miljø', en: 'Environment' }], [BARNEHAGE, { nb: 'Barnehage' }]] as const };

describe('labels of vocabulary terms', () => {
  it('reads the bundled labels, with the usual language fallback', () => {
    const labels = new TermLabels([bundled]);
    expect(labels.label(ENVI)).toEqual({ nb: 'Miljø', nn: 'Miljø', en: 'Environment' });
    expect(labels.pick(BARNEHAGE, 'en')).toBe('Barnehage');
    expect(labels.label('https://example.org/unknown')).toBeUndefined();
    expect(labels.size).toBe(2);
  });

  it('lets a source added later win language by language, the bundled labels filling the rest', () => {
    const labels = new TermLabels([bundled]);
    const before = labels.fingerprint;
    labels.use({ name: 'harvested:los', entries: () => [[BARNEHAGE, { nb: 'Barnehagar og barnehager', en: 'Kindergartens' }], ['https://psi.norge.no/los/ord/ny', { nn: 'Ny' }]] });
    expect(labels.label(BARNEHAGE)).toEqual({ nb: 'Barnehagar og barnehager', en: 'Kindergartens' });
    expect(labels.label(ENVI)).toEqual({ nb: 'Miljø', nn: 'Miljø', en: 'Environment' });
    expect(labels.label('https://psi.norge.no/los/ord/ny')).toEqual({ nn: 'Ny' });
    expect(labels.fingerprint).not.toBe(before);
    expect(labels.sources).toEqual(['bundled', 'harvested:los']);
  });

  it('replaces a source given again under its name, and forgets a removed one', () => {
    const labels = new TermLabels([bundled]);
    const original = labels.fingerprint;
    labels.use({ name: 'harvested:themes', entries: () => [[ENVI, { nb: 'Miljøvern' }]] });
    labels.use({ name: 'harvested:themes', entries: () => [[ENVI, { nb: 'Natur og miljø' }]] });
    expect(labels.sources).toEqual(['bundled', 'harvested:themes']);
    expect(labels.label(ENVI)?.nb).toBe('Natur og miljø');
    expect(labels.remove('harvested:themes')).toBe(true);
    expect(labels.remove('harvested:themes')).toBe(false);
    expect(labels.label(ENVI)?.nb).toBe('Miljø');
    expect(labels.fingerprint).toBe(original);
  });

  it('copies its labels with the same fingerprint (what a worker thread reads)', () => {
    const labels = new TermLabels([bundled]);
    labels.use({ name: 'harvested', entries: () => [[ENVI, { en: 'Environment and nature' }]] });
    const copy = TermLabels.snapshot(labels.entries(), labels.fingerprint);
    expect(copy.fingerprint).toBe(labels.fingerprint);
    expect(copy.label(ENVI)).toEqual({ nb: 'Miljø', nn: 'Miljø', en: 'Environment and nature' });
    expect(copy.size).toBe(labels.size);
  });
});
