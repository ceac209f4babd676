import { DataFactory } from 'n3';
import { describe, expect, it } from 'vitest';
import { DCAT, DCT } from '../../src/rdf/namespaces.js';
import { IndexedDataset } from '../../src/validation/indexed-dataset.js';
import { ShaclEngine } from '../../src/validation/shacl-engine.js';
import { loadShapes } from '../../src/validation/shapes-loader.js';
import { EX, describe_, fixture, registry, turtle, validate, violations, without } from './helpers.js';

const base = fixture('conforming-record.ttl');

describe('class rules with vocab/ as background', () => {
  it('accepts EU data themes and LOS themes, which vocab/ types skos:Concept', async () => {
    const quads = without(base, 'population', DCAT.theme).concat(
      turtle(`<${EX}population> <${DCAT.theme}> <http://publications.europa.eu/resource/authority/data-theme/GOVE>,
        <https://psi.norge.no/los/tema/barnehage>, <https://psi.norge.no/los/tema/familie-og-barn> .`),
    );
    expect(describe_(violations(await validate(quads)))).toEqual([]);
  });

  it('accepts a theme the record labels but does not type, because vocab/ types it skos:Concept', async () => {
    // Harvested records often carry the labels of their themes; such a theme is described in the
    // record, so only the background's rdf:type makes it a skos:Concept.
    const labelled = turtle(`<http://publications.europa.eu/resource/authority/data-theme/SOCI> <http://www.w3.org/2004/02/skos/core#prefLabel> "Befolkning og samfunn"@nb .
      <https://psi.norge.no/los/tema/arbeid> <http://www.w3.org/2004/02/skos/core#prefLabel> "Arbeid"@nb .`);
    expect(describe_(violations(await validate(base.concat(labelled))))).toEqual([]);
    // The same label on a theme IRI vocab/ does not know is a theme described as something else.
    const unknown = turtle(`<${EX}population> <${DCAT.theme}> <https://example.org/themes/x> .
      <https://example.org/themes/x> <http://www.w3.org/2004/02/skos/core#prefLabel> "X"@nb .`);
    expect(violations(await validate(base.concat(unknown))).map((r) => r.value)).toEqual(['https://example.org/themes/x']);
  });

  it('accepts labelled provenance statements from vocab/ (typed dct:ProvenanceStatement there, not in the record)', async () => {
    for (const code of ['vedtak', 'bruker', 'tredjepart', 'nasjonal']) {
      const quads = without(base, 'population', DCT.provenance).concat(
        turtle(`<${EX}population> <${DCT.provenance}> <http://data.brreg.no/datakatalog/provinens/${code}> .
          <http://data.brreg.no/datakatalog/provinens/${code}> <http://www.w3.org/2004/02/skos/core#prefLabel> "${code}"@nb .`),
      );
      expect(describe_(violations(await validate(quads))), code).toEqual([]);
    }
  });

  it('accepts a reference that nothing describes (another record, a register entry)', async () => {
    const quads = base.concat(
      turtle(`<${EX}population> <${DCT.isPartOf}> <https://other.example.no/datasets/1> ;
        <${DCAT.qualifiedRelation}> <https://other.example.no/relations/1> ;
        <${DCT.creator}> <https://data.brreg.no/enhetsregisteret/api/enheter/991825827> .`),
    );
    expect(describe_(violations(await validate(quads)))).toEqual([]);
  });

  it('still rejects a value that is described as another class', async () => {
    const quads = base.concat(turtle(`<${EX}population> <${DCT.isPartOf}> <${EX}api> .`));
    const found = violations(await validate(quads));
    expect(found.map((r) => [r.path, r.value])).toEqual([[DCT.isPartOf, `${EX}api`]]);
    expect(found[0]!.message.nb).toContain('ikke som et datasett');
  });

  it('rejects a theme that is described, but not as a concept', async () => {
    const quads = base.concat(turtle(`<${EX}population> <${DCAT.theme}> <${EX}population-csv> .`));
    expect(violations(await validate(quads)).map((r) => [r.path, r.value])).toEqual([[DCAT.theme, `${EX}population-csv`]]);
  });

  it('rejects a distribution described without its class', async () => {
    const quads = without(base, 'population-csv', 'http://www.w3.org/1999/02/22-rdf-syntax-ns#type');
    expect(violations(await validate(quads)).map((r) => r.path)).toContain(DCAT.distribution);
  });

  it('follows the subclass axioms of vocab/ontology.ttl: a vcard:Group contact point is a vcard:Kind', async () => {
    const quads = base.map((q) => q).concat(
      turtle(`<${EX}population> <${DCAT.contactPoint}> <${EX}group> . <${EX}group> a <http://www.w3.org/2006/vcard/ns#Group> ;
        <http://www.w3.org/2006/vcard/ns#hasURL> <https://example.no/kontakt> .`),
    );
    expect(describe_((await validate(quads)).results.filter((r) => r.severity !== 'info'))).toEqual([]);
  });

  it('never reports on the background itself', async () => {
    const report = await validate(base.concat(turtle(`<${EX}population> <${DCT.accessRights}> "open" .`)));
    const recordSubjects = new Set(base.map((q) => q.subject.value));
    expect(report.results.length).toBeGreaterThan(0);
    for (const r of report.results) expect(recordSubjects.has(r.focusNode), r.focusNode).toBe(true);
  });

  it('never takes focus nodes from the background, even when it holds invalid resources', async () => {
    const background = new IndexedDataset(registry.background);
    for (const q of turtle(`<https://bg.example.org/d> a <${DCAT.Dataset}> . <https://bg.example.org/a> a <http://xmlns.com/foaf/0.1/Agent> .`)) background.add(q);
    const engine = new ShaclEngine('dcat-ap-no-2', loadShapes(registry.dirs.shapesDir, 'dcat-ap-no-2.ttl'), background);
    const report = await engine.validate(base);
    expect(describe_(report.results.filter((r) => r.focusNode.startsWith('https://bg.example.org/')))).toEqual([]);
    expect(report.conforms).toBe(true);
  });

  it('accepts a publisher typed only in the organisation register of vocab/ (dcat-ap-no-3 checks its class)', async () => {
    const publisher = 'https://data.brreg.no/enhetsregisteret/api/enheter/974760673';
    expect(registry.background.find(DataFactory.namedNode(publisher), null, null).length).toBeGreaterThan(0);
    // The record names the publisher without typing it: only vocab/organisations.ttl (foaf:Organization)
    // and vocab/ontology.ttl (foaf:Organization ⊑ foaf:Agent) make it an agent.
    const quads = without(base, 'population', DCT.publisher).concat(
      turtle(`<${EX}population> <${DCT.publisher}> <${publisher}> . <${publisher}> <http://xmlns.com/foaf/0.1/name> "Statistisk sentralbyrå"@nb .`),
    );
    const report = await validate(quads, 'dcat-ap-no-3');
    expect(describe_(report.results.filter((r) => r.path === DCT.publisher && r.focusNode === `${EX}population`))).toEqual([]);
    // A labelled publisher the background does not know is described, but not as an agent.
    const unknown = without(base, 'population', DCT.publisher).concat(
      turtle(`<${EX}population> <${DCT.publisher}> <https://example.org/org/1> . <https://example.org/org/1> <http://xmlns.com/foaf/0.1/name> "X"@nb .`),
    );
    const other = await validate(unknown, 'dcat-ap-no-3');
    expect(other.results.filter((r) => r.path === DCT.publisher && r.focusNode === `${EX}population`).map((r) => r.severity)).toEqual(['warning']);
  });

  it('loads the background once and shares it between profiles', () => {
    expect(registry.engine('dcat-ap-no-2')).toBe(registry.engine('dcat-ap-no-2'));
    expect(registry.background.size).toBeGreaterThan(1500);
    expect(registry.background).toBe(registry.background);
  });
});
