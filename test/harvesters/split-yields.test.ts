import { Parser } from 'n3';
import { describe, expect, it } from 'vitest';
import { createModelldcatApNoHarvester } from '../../harvesters/modelldcat-ap-no/index.js';
import { createSkosApNoHarvester } from '../../harvesters/skos-ap-no/index.js';
import { createSkosHarvester } from '../../harvesters/skos/index.js';
import type { Harvester, SourceGraph, SplitContext } from '../../src/core/ports/harvester.js';
import { SubjectIndex } from '../../src/rdf/subject-index.js';
import { offlineDocuments } from '../support/offline-documents.js';

// Every RDF harvester splits a large source in slices that give the event loop a turn (issue 14: no
// request waits for a whole source to be split), as the DCAT-AP-NO harvester does (test/rdf/records).

const context: SplitContext = {
  sourceId: 'source-1',
  sourceName: 'https://agency.example.no/source.ttl',
  publisher: '974760673',
  baseUrl: 'https://data.example.no',
  documents: offlineDocuments,
};
const PREFIXES = `@prefix skos: <http://www.w3.org/2004/02/skos/core#> . @prefix dct: <http://purl.org/dc/terms/> .
@prefix modelldcatno: <https://data.norge.no/vocabulary/modelldcatno#> . @prefix ex: <https://ex.example.no/> .
@prefix xsd: <http://www.w3.org/2001/XMLSchema#> .\n`;

/** 4 000 concepts in one scheme, six triples each: more than one slice of work. */
function concepts(): string {
  let text = `${PREFIXES}ex:scheme a skos:ConceptScheme ; skos:prefLabel "Begreper"@nb .\n`;
  for (let i = 0; i < 4000; i++) {
    text += `ex:c${i} a skos:Concept ; skos:inScheme ex:scheme ; skos:notation "${i}" ; skos:prefLabel "begrep ${i}"@nb, "omgrep ${i}"@nn, "concept ${i}"@en ; skos:definition "Definisjon ${i}"@nb ; dct:publisher <https://data.brreg.no/enhetsregisteret/api/enheter/974760673> .\n`;
  }
  return text;
}

/** One information model with 3 000 object types, each with an attribute. */
function model(): string {
  let text = `${PREFIXES}ex:model a modelldcatno:InformationModel ; dct:title "Modell"@nb ; dct:identifier "ex-model" ; dct:publisher <https://data.brreg.no/enhetsregisteret/api/enheter/974760673> ;\n  modelldcatno:containsModelElement ${Array.from({ length: 3000 }, (_, i) => `ex:t${i}`).join(', ')} .\n`;
  for (let i = 0; i < 3000; i++) {
    text += `ex:t${i} a modelldcatno:ObjectType ; dct:title "Type ${i}"@nb ; modelldcatno:hasProperty ex:a${i} .\nex:a${i} a modelldcatno:Attribute ; dct:title "Felt ${i}"@nb ; modelldcatno:hasSimpleType ex:string .\n`;
  }
  return text;
}

const graphOf = (turtle: string): SourceGraph => new SubjectIndex().addAll(new Parser({ format: 'text/turtle' }).parse(turtle));

const cases: [string, () => Harvester<SourceGraph>, () => string, number][] = [
  ['skos-ap-no', () => createSkosApNoHarvester(), concepts, 4000],
  ['skos', () => createSkosHarvester(), concepts, 4000],
  ['modelldcat-ap-no', () => createModelldcatApNoHarvester(), model, 1],
];

describe.each(cases)('the %s harvester', (_kind, harvester, source, atLeast) => {
  it('lets a timer fire while it splits a large source', async () => {
    const graph = graphOf(source());
    let splitting = true;
    let fired = false;
    setTimeout(() => (fired = splitting), 0);
    const result = await harvester().split(graph, context);
    splitting = false;
    expect(result.records.length).toBeGreaterThanOrEqual(atLeast);
    expect(fired).toBe(true);
  });
});
