import { readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { buildSearchDocument } from '../../../src/search/document/build-search-document.js';
import { analyzeQuery } from '../../../src/search/analysis/query-analysis.js';
import { highlighterOf } from '../../../src/search/highlight.js';
import { hitDocumentOf, searchHit } from '../../../src/search/search-hit.js';
import { loadSearchVocabulary } from '../../support/project-vocabulary.js';
import { recordsFromTurtle } from '../fixtures/records-from-turtle.js';

const here = path.dirname(fileURLToPath(import.meta.url));
const vocab = loadSearchVocabulary(path.resolve(here, '../../../vocab'));
const inputs = recordsFromTurtle(readFileSync(path.join(here, 'fixtures/information-models.ttl'), 'utf8'), { sourcePublisher: '991825827' });
const person = inputs.find((i) => i.record.iri === 'https://example.org/modeller/person')!;
const M = 'https://example.org/modeller/person#';

describe('search documents of information models', () => {
  const doc = buildSearchDocument(person, vocab);

  it('indexes the names of the model’s elements and properties as keywords and their descriptions as descriptions', () => {
    expect(doc.kind).toBe('information-model');
    expect(doc.title).toEqual({ nb: 'Person', en: 'Person' });
    expect(doc.texts.keywords.map((t) => t.text)).toEqual(expect.arrayContaining(['folkeregister', 'fødselsnummer', 'national identity number', 'kjønn', 'Kjønn']));
    expect(doc.texts.descriptions.map((t) => t.text)).toEqual(expect.arrayContaining([
      'Felles modell for opplysninger om en person.',
      'Elleve siffer som identifiserer personen i Folkeregisteret.',
    ]));
  });

  it('has the facets theme, LOS theme (with ancestors), licence and status, labelled from the vocabularies', () => {
    expect(doc.facets).toEqual({
      type: ['information-model'],
      publisher: ['991825827'],
      orgPath: expect.any(Array),
      referenceData: ['false'],
      theme: ['GOVE'],
      losTheme: ['familie-og-barn'],
      licence: ['CC_BY_4_0'],
      status: ['Completed'],
      concept: ['__missing__'],
      conformsTo: ['__missing__'],
    });
    expect(doc.labels.get('status\u0000Completed')).toEqual({ nb: 'ferdigstilt', nn: 'ferdigstilt', en: 'completed' });
    const other = buildSearchDocument(inputs.find((i) => i.record.iri === 'https://example.org/modeller/adresse')!, vocab);
    expect(other.facets).toMatchObject({ theme: ['__missing__'], licence: ['__missing__'], status: ['UnderDevelopment'] });
  });

  it('names in a hit the parts of the model the query matched, by name (marked) or by description', () => {
    const highlighter = highlighterOf(analyzeQuery('fødselsnummer').words, []);
    const hit = searchHit(hitDocumentOf(doc), 'nb', highlighter, 1);
    expect(hit).toMatchObject({ type: 'information-model', status: 'Completed', version: '1.0', themes: ['GOVE'], licences: ['CC_BY_4_0'], partsCount: 4 });
    expect(hit.matchedParts).toEqual([{ iri: `${M}fodselsnummer`, type: 'Attribute', title: 'fødselsnummer', highlight: '<mark>fødselsnummer</mark>' }]);
    expect(hit).not.toHaveProperty('parts');

    const english = searchHit(hitDocumentOf(doc), 'en', highlighterOf(analyzeQuery('identity').words, []), 1);
    expect(english.matchedParts).toEqual([{ iri: `${M}fodselsnummer`, type: 'Attribute', title: 'national identity number', highlight: 'national <mark>identity</mark> number' }]);

    const byDescription = searchHit(hitDocumentOf(doc), 'nb', highlighterOf(analyzeQuery('juridiske').words, []), 1);
    expect(byDescription.matchedParts).toEqual([{ iri: `${M}kjonn`, type: 'Attribute', title: 'kjønn' }]);
  });

  it('names no parts without a text query', () => {
    expect(searchHit(hitDocumentOf(doc), 'nb', null, 0).matchedParts).toEqual([]);
  });
});
