import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { TermLabels } from '../../src/core/term-labels.js';
import { recordJsonView } from '../../src/http/resources/record-json-view.js';
import { EngineRegistry } from '../../src/validation/engine-registry.js';
import { defaultDataDirectories } from '../../src/validation/data-directories.js';
import { loadBundledVocabularies, vocabulariesOf } from '../../src/vocabulary/bundled-vocabularies.js';
import { recordsFromTurtle } from '../search/fixtures/records-from-turtle.js';

const here = path.dirname(fileURLToPath(import.meta.url));
const VOCAB = path.resolve(here, '../../vocab');
const EU = 'http://publications.europa.eu/resource/authority/';

describe('the bundled reference vocabularies', () => {
  it('are read once per process: every caller gets the same files, triples and labels', () => {
    const first = loadBundledVocabularies(VOCAB);
    expect(loadBundledVocabularies(path.join(VOCAB, '.'))).toBe(first);
    expect(first.files.map((f) => f.name)).toContain('data-themes.ttl');
    expect(first.files.every((f) => f.name.endsWith('.ttl') && f.text.length > 0)).toBe(true);
    expect(first.quads.length).toBeGreaterThan(1000);
  });

  it('label themes, file types, licences, LOS, organisations, access rights and frequencies in nb, nn and en', () => {
    const labels = new TermLabels([loadBundledVocabularies(VOCAB).labels]);
    expect(labels.label(`${EU}data-theme/ENVI`)).toEqual({ nb: 'Miljø', nn: 'Miljø', en: 'Environment' });
    expect(labels.label(`${EU}frequency/IRREG`)).toEqual({ nb: 'Uregelmessig', nn: 'Uregelmessig', en: 'Irregular' });
    expect(labels.label('https://data.brreg.no/enhetsregisteret/api/enheter/974760673')).toEqual({ nb: 'Brønnøysundregistrene', nn: 'Brønnøysundregistera', en: 'The Brønnøysund Register Centre' });
    for (const iri of [`${EU}file-type/CSV`, `${EU}licence/NLOD_2_0`, `${EU}access-right/PUBLIC`, 'https://psi.norge.no/los/tema/barnehage']) {
      const label = labels.label(iri);
      expect(label?.nb, iri).toMatch(/\S/);
      expect(label?.en ?? label?.nn, iri).toMatch(/\S/);
    }
  });

  it('name the file that does not parse', () => {
    expect(() => vocabulariesOf('/vocab', [{ name: 'broken.ttl', text: '<a> <b> .' }])).toThrow(/broken\.ttl/);
    const empty = mkdtempSync(path.join(tmpdir(), 'vocab-'));
    try {
      expect(() => loadBundledVocabularies(empty)).toThrow(/No Turtle files/);
    } finally {
      rmSync(empty, { recursive: true });
    }
  });

  it('are the validation background as given: the folder is not read again', () => {
    const dir = mkdtempSync(path.join(tmpdir(), 'vocab-'));
    try {
      writeFileSync(path.join(dir, 'broken.ttl'), 'not turtle at all');
      const files = loadBundledVocabularies(VOCAB).files;
      const registry = new EngineRegistry({ ...defaultDataDirectories(), vocabDir: dir, vocabularyFiles: files });
      expect(registry.background.size).toBe(new EngineRegistry(defaultDataDirectories()).background.size);
      expect(() => new EngineRegistry({ ...defaultDataDirectories(), vocabDir: dir }).background).toThrow(/broken\.ttl/);
    } finally {
      rmSync(dir, { recursive: true });
    }
  });

  it('label the terms a record names in its JSON view, harvested labels over bundled ones', () => {
    const [input] = recordsFromTurtle(`
      @prefix dcat: <http://www.w3.org/ns/dcat#> . @prefix dct: <http://purl.org/dc/terms/> .
      <https://ex.org/ds> a dcat:Dataset ; dct:title "Luft"@nb ; dcat:theme <${EU}data-theme/ENVI> ;
        dct:accessRights <${EU}access-right/PUBLIC> ; dct:publisher <https://ex.org/unknown-agent> .
    `);
    const labels = new TermLabels([loadBundledVocabularies(VOCAB).labels]);
    const view = recordJsonView(input!.record, 'http://localhost', {}, undefined, labels);
    expect(Object.keys(view.terms ?? {})).toEqual([`${EU}access-right/PUBLIC`, `${EU}data-theme/ENVI`]);
    expect(view.terms?.[`${EU}data-theme/ENVI`]?.en).toBe('Environment');
    labels.use({ name: 'harvested', entries: () => [[`${EU}data-theme/ENVI`, { en: 'Environment and climate' }]] });
    expect(recordJsonView(input!.record, 'http://localhost', {}, undefined, labels).terms?.[`${EU}data-theme/ENVI`]).toMatchObject({ nb: 'Miljø', en: 'Environment and climate' });
    expect(recordJsonView(input!.record, 'http://localhost', {})).not.toHaveProperty('terms');
  });
});
