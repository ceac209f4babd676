import { describe, expect, it } from 'vitest';
import { parseRecordGraph } from '../../src/rdf/record-graph.js';
import { RELATION_TYPES } from '../../src/rdf/relation-types.js';
import { extractRelations, type RelationEdge } from '../../src/relations/relation-extraction.js';
import { storedRecord } from './fixtures/stored-record.js';

const EX = 'https://example.org/';

const byKey = (key: (e: RelationEdge) => string) => (a: RelationEdge, b: RelationEdge): number => (key(a) < key(b) ? -1 : key(a) > key(b) ? 1 : 0);

function edgesOf(iri: string, turtle: string): RelationEdge[] {
  const record = storedRecord(iri, 'dataset', turtle);
  return [...extractRelations(parseRecordGraph(record.graph), iri, 'dataset').edges].sort(byKey((e) => `${e.type} ${e.from} ${e.to}`));
}

describe('titles of the ends', () => {
  it('reads a resource’s title as every view reads its kind’s title (src/rdf/resource-title.ts), and a model part’s from its title or preferred label', () => {
    const concept = storedRecord(`${EX}c`, 'concept', `ex:c a skos:Concept ; dct:title "Tittel"@nb , "Title"@en ; skos:prefLabel "foretrukket term"@nb .`);
    // A concept's preferred label wins over its dct:title language by language; dct:title fills English.
    expect(extractRelations(parseRecordGraph(concept.graph), `${EX}c`, 'concept').ends[0]!.titles).toEqual({ nb: 'foretrukket term', en: 'Title' });
    const dataset = storedRecord(`${EX}d`, 'dataset', `ex:d a dcat:Dataset ; rdfs:label "Etikett"@nb ; dct:title "Datasett"@nb .`);
    expect(extractRelations(parseRecordGraph(dataset.graph), `${EX}d`, 'dataset').ends[0]!.titles).toEqual({ nb: 'Datasett' });
    const model = storedRecord(`${EX}m`, 'information-model', `ex:m a modelldcatno:InformationModel ; dct:title "Modell"@nb ; modelldcatno:containsModelElement ex:kode .
      ex:kode a modelldcatno:CodeElement ; skos:prefLabel "Aksjeselskap"@nb , "Private limited company"@en .`);
    expect(extractRelations(parseRecordGraph(model.graph), `${EX}m`, 'information-model').ends[1]).toEqual({ iri: `${EX}kode`, part: true, titles: { nb: 'Aksjeselskap', en: 'Private limited company' } });
  });
});

describe('relation types', () => {
  it('name every type in nb, nn and en, in both directions, with distinct ids and IRIs', () => {
    expect(RELATION_TYPES.length).toBeGreaterThanOrEqual(17);
    expect(new Set(RELATION_TYPES.map((t) => t.id)).size).toBe(RELATION_TYPES.length);
    expect(new Set(RELATION_TYPES.map((t) => t.iri)).size).toBe(RELATION_TYPES.length);
    for (const t of RELATION_TYPES) {
      for (const labels of [t.outgoing, t.incoming]) for (const lang of ['nb', 'nn', 'en'] as const) expect(labels[lang].trim(), `${t.id} ${lang}`).not.toBe('');
      expect(t.outgoing.en).not.toBe(t.incoming.en);
    }
  });
});

describe('extracting the relations a record states', () => {
  it('reads the DCAT links of a dataset and a data service', () => {
    expect(edgesOf(`${EX}d`, `ex:d a dcat:Dataset ; dct:conformsTo ex:std ; dcat:inSeries ex:series ; dct:subject ex:concept ;
        prov:wasDerivedFrom ex:d0 ; dct:source ex:src ; dct:relation ex:rel ; dcatno:informationModel ex:model .`)).toEqual([
      { from: `${EX}d`, type: 'conformsTo', to: `${EX}std`, role: '' },
      { from: `${EX}d`, type: 'inSeries', to: `${EX}series`, role: '' },
      { from: `${EX}d`, type: 'informationModel', to: `${EX}model`, role: '' },
      { from: `${EX}d`, type: 'relation', to: `${EX}rel`, role: '' },
      { from: `${EX}d`, type: 'source', to: `${EX}src`, role: '' },
      { from: `${EX}d`, type: 'subject', to: `${EX}concept`, role: '' },
      { from: `${EX}d`, type: 'wasDerivedFrom', to: `${EX}d0`, role: '' },
    ]);
    expect(edgesOf(`${EX}s`, `ex:s a dcat:DataService ; dcat:servesDataset ex:d1 , ex:d2 .`)).toEqual([
      { from: `${EX}s`, type: 'servesDataset', to: `${EX}d1`, role: '' },
      { from: `${EX}s`, type: 'servesDataset', to: `${EX}d2`, role: '' },
    ]);
  });

  it('turns properties stated backwards into the same relation read forwards', () => {
    expect(edgesOf(`${EX}d`, `ex:d a dcat:Dataset ; dct:isPartOf ex:whole ; dct:hasVersion ex:v2 ; dct:isReplacedBy ex:newer .`)).toEqual([
      { from: `${EX}whole`, type: 'hasPart', to: `${EX}d`, role: '' },
      { from: `${EX}v2`, type: 'isVersionOf', to: `${EX}d`, role: '' },
      { from: `${EX}newer`, type: 'replaces', to: `${EX}d`, role: '' },
    ]);
  });

  it('follows qualified relations with their role, and concept relations through their relation nodes', () => {
    expect(edgesOf(`${EX}d`, `ex:d a dcat:Dataset ; dcat:qualifiedRelation [ dct:relation ex:other ; dcat:hadRole ex:role ] .`)).toEqual([
      { from: `${EX}d`, type: 'qualifiedRelation', to: `${EX}other`, role: `${EX}role` },
    ]);
    expect(edgesOf(`${EX}c`, `ex:c a skos:Concept ;
        skosno:hasGenericConceptRelation [ skosno:hasGenericConcept ex:generic ] , [ skosno:hasSpecificConcept ex:specific ] ;
        skosno:hasPartitiveConceptRelation [ skosno:hasComprehensiveConcept ex:whole ] , [ skosno:hasPartitiveConcept ex:part ] ;
        skosno:isFromConceptIn [ skosno:hasToConcept ex:assoc ; skosno:relationRole ex:role ] ;
        dct:replaces ex:old ; rdfs:seeAlso ex:see .`)).toEqual([
      { from: `${EX}c`, type: 'associativeConcept', to: `${EX}assoc`, role: `${EX}role` },
      { from: `${EX}c`, type: 'genericConcept', to: `${EX}generic`, role: '' },
      { from: `${EX}specific`, type: 'genericConcept', to: `${EX}c`, role: '' },
      { from: `${EX}c`, type: 'partitiveConcept', to: `${EX}whole`, role: '' },
      { from: `${EX}part`, type: 'partitiveConcept', to: `${EX}c`, role: '' },
      { from: `${EX}c`, type: 'replaces', to: `${EX}old`, role: '' },
      { from: `${EX}c`, type: 'seeAlso', to: `${EX}see`, role: '' },
    ]);
  });

  it('takes the concepts of model elements and properties, and names elements of other models as reuse', () => {
    const record = storedRecord(`${EX}m`, 'information-model', `ex:m a modelldcatno:InformationModel ; dct:title "Modell"@nb ;
        modelldcatno:containsModelElement ex:Person , ex:other-model-Adresse .
      ex:Person a modelldcatno:ObjectType ; dct:title "Person"@nb ; dct:subject ex:person-concept ; modelldcatno:hasProperty ex:fnr , ex:adr .
      ex:fnr a modelldcatno:Attribute ; dct:title "fødselsnummer"@nb ; dct:subject ex:fnr-concept ; modelldcatno:hasSimpleType ex:Tekst .
      ex:Tekst a modelldcatno:SimpleType ; dct:title "Tekst"@nb .
      ex:adr a modelldcatno:Role ; dct:title "adresse"@nb ; modelldcatno:hasObjectType ex:other-model-Adresse .`);
    const { ends, edges } = extractRelations(parseRecordGraph(record.graph), `${EX}m`, 'information-model');
    expect(ends.map((e) => [e.iri, e.part, e.titles])).toEqual([
      [`${EX}m`, false, { nb: 'Modell' }],
      [`${EX}Person`, true, { nb: 'Person' }],
      [`${EX}Tekst`, true, { nb: 'Tekst' }],
      [`${EX}adr`, true, { nb: 'adresse' }],
      [`${EX}fnr`, true, { nb: 'fødselsnummer' }],
    ]);
    expect([...edges].sort(byKey((e) => `${e.type} ${e.from}`))).toEqual([
      { from: `${EX}adr`, type: 'reusesElement', to: `${EX}other-model-Adresse`, role: '' },
      { from: `${EX}m`, type: 'reusesElement', to: `${EX}other-model-Adresse`, role: '' },
      { from: `${EX}Person`, type: 'subject', to: `${EX}person-concept`, role: '' },
      { from: `${EX}fnr`, type: 'subject', to: `${EX}fnr-concept`, role: '' },
    ]);
  });

  it('leaves out links to the record’s own skolemised nodes and to itself', () => {
    expect(edgesOf(`${EX}d`, `ex:d a dcat:Dataset ; dct:relation ex:d ; dct:conformsTo [ dct:title "a standard without an IRI" ] .`)).toEqual([]);
  });
});
