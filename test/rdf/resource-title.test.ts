import { describe, expect, it } from 'vitest';
import { DCT, SKOS } from '../../src/rdf/namespaces.js';
import { descriptionLiterals, titleLiterals, type TextLiteral } from '../../src/rdf/resource-title.js';

const reader = (byPredicate: Record<string, TextLiteral[]>) => (predicate: string) => byPredicate[predicate] ?? [];

describe('the title of a record', () => {
  it('is dct:title for the DCAT kinds, every language of it, blank texts skipped', () => {
    const read = reader({
      [DCT.title]: [{ value: 'Sjøkart', language: 'nb' }, { value: '  ', language: 'nn' }, { value: 'Nautical charts', language: 'en' }],
      [SKOS.prefLabel]: [{ value: 'Ikke tittel', language: 'nn' }],
    });
    expect(titleLiterals('dataset', read)).toEqual([{ value: 'Sjøkart', language: 'nb' }, { value: 'Nautical charts', language: 'en' }]);
    expect(titleLiterals('data-service', read).map((l) => l.value)).toEqual(['Sjøkart', 'Nautical charts']);
  });

  it('is skos:prefLabel for concepts, with dct:title filling only the languages the labels lack', () => {
    const read = reader({
      [SKOS.prefLabel]: [{ value: 'adresse', language: 'nb' }],
      [DCT.title]: [{ value: 'Adressen', language: 'nb' }, { value: 'address', language: 'en' }],
    });
    expect(titleLiterals('concept', read)).toEqual([{ value: 'adresse', language: 'nb' }, { value: 'address', language: 'en' }]);
  });

  it('reads descriptions the same way (skos:definition before dct:description for concepts)', () => {
    const read = reader({ [SKOS.definition]: [{ value: 'Hvor noe er', language: 'nb' }], [DCT.description]: [{ value: 'Beskrivelse', language: 'nb' }] });
    expect(descriptionLiterals('concept', read)).toEqual([{ value: 'Hvor noe er', language: 'nb' }]);
    expect(descriptionLiterals('dataset', read)).toEqual([{ value: 'Beskrivelse', language: 'nb' }]);
  });
});
