import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { StoredRecord } from '../../src/core/catalog-record.js';
import type { RelationsIndex, RelationsQuery } from '../../src/core/ports/relations-index.js';
import { storedRecord } from '../relations/fixtures/stored-record.js';

/**
 * The RelationsIndex contract: what every adapter answers for the same records (the embedded SQLite
 * index and the shared one in PostgreSQL), run by each adapter's test file.
 */

export const EX = 'https://example.org/';

/** A small linked catalog: an API serving a dataset that conforms to a model whose attribute means a concept. */
export const service = storedRecord(`${EX}api`, 'data-service', `ex:api a dcat:DataService ; dct:title "Enhets-API"@nb , "Entity API"@en ;
  dcat:servesDataset ex:enheter , ex:elsewhere ; dct:conformsTo ex:model .`);
export const dataset = storedRecord(`${EX}enheter`, 'dataset', `ex:enheter a dcat:Dataset ; dct:title "Enheter"@nb ;
  dct:conformsTo ex:model , ex:iso19115 ; dct:subject ex:orgnr .`);
export const model = storedRecord(`${EX}model`, 'information-model', `ex:model a modelldcatno:InformationModel ; dct:title "Enhetsmodell"@nb ;
  modelldcatno:containsModelElement ex:Enhet .
  ex:Enhet a modelldcatno:ObjectType ; dct:title "Enhet"@nb ; modelldcatno:hasProperty ex:organisasjonsnummer .
  ex:organisasjonsnummer a modelldcatno:Attribute ; dct:title "organisasjonsnummer"@nb ; dct:subject ex:orgnr .`);
export const reuser = storedRecord(`${EX}small-model`, 'information-model', `ex:small-model a modelldcatno:InformationModel ; dct:title "Liten modell"@nb ;
  modelldcatno:containsModelElement ex:Enhet .`);
export const concept = storedRecord(`${EX}orgnr`, 'concept', `ex:orgnr a skos:Concept ; skos:prefLabel "organisasjonsnummer"@nb , "organisation number"@en .`);

export const query = (record: StoredRecord, extra: Partial<RelationsQuery> = {}): RelationsQuery => ({ recordId: record.id, lang: 'nb', page: 0, size: 50, ...extra });

export interface RelationsIndexContractOptions {
  /** A new, empty index. */
  create(): Promise<RelationsIndex>;
}

export function relationsIndexContract(name: string, options: RelationsIndexContractOptions): void {
  describe(`RelationsIndex contract: ${name}`, () => {
    let index: RelationsIndex;
    beforeEach(async () => {
      index = await options.create();
      await index.upsert([service, dataset, model, reuser, concept]);
    });
    afterEach(() => index.close());

    describe('the relations index', () => {
      it('answers a dataset in both directions, naming the record and kind at each end or marking it external', async () => {
        const answer = await index.relations(query(dataset));
        expect(answer.outgoing).toEqual([
          { type: 'conformsTo', iri: `${EX}iso19115`, record: null },
          { type: 'conformsTo', iri: `${EX}model`, record: { id: model.id, kind: 'information-model', status: 'published', title: 'Enhetsmodell', titleLanguage: 'nb', part: false } },
          { type: 'subject', iri: `${EX}orgnr`, record: { id: concept.id, kind: 'concept', status: 'published', title: 'organisasjonsnummer', titleLanguage: 'nb', part: false } },
        ]);
        expect(answer.incoming).toEqual([
          { type: 'servesDataset', iri: `${EX}api`, record: { id: service.id, kind: 'data-service', status: 'published', title: 'Enhets-API', titleLanguage: 'nb', part: false } },
        ]);
        expect(answer.total).toEqual({ outgoing: 3, incoming: 1 });
        expect(answer.totals).toEqual({ conformsTo: { outgoing: 2, incoming: 0 }, servesDataset: { outgoing: 0, incoming: 1 }, subject: { outgoing: 1, incoming: 0 } });
      });

      it('answers titles in the requested language, falling back to Norwegian', async () => {
        const answer = await index.relations(query(dataset, { lang: 'en' }));
        expect(answer.incoming[0]!.record!.title).toBe('Entity API');
        expect(answer.outgoing.find((e) => e.iri === `${EX}orgnr`)!.record!.title).toBe('organisation number');
        expect(answer.outgoing.find((e) => e.iri === `${EX}model`)!.record!.title).toBe('Enhetsmodell');
      });

      it('answers a model with the element a relation leaves from or arrives at', async () => {
        const answer = await index.relations(query(model));
        expect(answer.outgoing).toEqual([
          {
            type: 'subject', iri: `${EX}orgnr`, record: { id: concept.id, kind: 'concept', status: 'published', title: 'organisasjonsnummer', titleLanguage: 'nb', part: false },
            element: { iri: `${EX}organisasjonsnummer`, title: 'organisasjonsnummer' },
          },
        ]);
        expect(answer.incoming.map((e) => [e.type, e.iri, e.element?.iri ?? null])).toEqual([
          ['conformsTo', `${EX}api`, null],
          ['conformsTo', `${EX}enheter`, null],
          ['reusesElement', `${EX}small-model`, `${EX}Enhet`],
        ]);
      });

      it('resolves a reused element to the model that holds it, and a concept’s users to their records', async () => {
        const reuse = await index.relations(query(reuser));
        expect(reuse.outgoing).toEqual([
          { type: 'reusesElement', iri: `${EX}Enhet`, record: { id: model.id, kind: 'information-model', status: 'published', title: 'Enhet', titleLanguage: 'nb', part: true } },
        ]);
        const about = await index.relations(query(concept));
        expect(about.outgoing).toEqual([]);
        expect(about.incoming.map((e) => [e.type, e.iri, e.record?.kind, e.record?.title, e.record?.part])).toEqual([
          ['subject', `${EX}enheter`, 'dataset', 'Enheter', false],
          ['subject', `${EX}organisasjonsnummer`, 'information-model', 'organisasjonsnummer', true],
        ]);
      });

      it('filters by relation type and by the kind at the other end (external included), with totals per type under the kind filter', async () => {
        const byType = await index.relations(query(dataset, { types: ['subject'] }));
        expect(byType.outgoing.map((e) => e.iri)).toEqual([`${EX}orgnr`]);
        expect(byType.incoming).toEqual([]);
        expect(byType.total).toEqual({ outgoing: 1, incoming: 0 });
        expect(Object.keys(byType.totals)).toEqual(['conformsTo', 'servesDataset', 'subject']);

        const external = await index.relations(query(dataset, { kinds: ['external'] }));
        expect(external.outgoing.map((e) => e.iri)).toEqual([`${EX}iso19115`]);
        expect(external.totals).toEqual({ conformsTo: { outgoing: 1, incoming: 0 } });

        const services = await index.relations(query(dataset, { kinds: ['data-service', 'concept'] }));
        expect(services.outgoing.map((e) => e.iri)).toEqual([`${EX}orgnr`]);
        expect(services.incoming.map((e) => e.iri)).toEqual([`${EX}api`]);
      });

      it('pages both lists alike, in a stable order', async () => {
        const hub = storedRecord(`${EX}hub`, 'data-service', `ex:hub a dcat:DataService ; dcat:servesDataset ${Array.from({ length: 7 }, (_, i) => `ex:d${i}`).join(' , ')} .`);
        await index.upsert([hub]);
        const pages = await Promise.all([0, 1, 2].map((page) => index.relations(query(hub, { page, size: 3 }))));
        expect(pages.map((p) => p.outgoing.map((e) => e.iri.slice(EX.length)))).toEqual([['d0', 'd1', 'd2'], ['d3', 'd4', 'd5'], ['d6']]);
        expect(pages.every((p) => p.total.outgoing === 7)).toBe(true);
      });

      it('shows a removed record as removed, and drops what it stated', async () => {
        await index.upsert([{ ...dataset, status: 'removed', removedAt: '2025-03-01T00:00:00.000Z' }]);
        const fromService = await index.relations(query(service));
        expect(fromService.outgoing.find((e) => e.iri === `${EX}enheter`)!.record).toEqual({ id: dataset.id, kind: 'dataset', status: 'removed', title: 'Enheter', titleLanguage: 'nb', part: false });
        const toConcept = await index.relations(query(concept));
        expect(toConcept.incoming.map((e) => e.iri)).toEqual([`${EX}organisasjonsnummer`]);
        // It reappears: published again with its links.
        await index.upsert([dataset]);
        expect((await index.relations(query(concept))).incoming.map((e) => e.iri)).toEqual([`${EX}enheter`, `${EX}organisasjonsnummer`]);
      });

      it('replaces what a changed record states, and forgets a record gone from the store', async () => {
        const changed = storedRecord(`${EX}api`, 'data-service', `ex:api a dcat:DataService ; dct:title "Enhets-API"@nb ; dcat:servesDataset ex:other .`);
        await index.upsert([changed]);
        expect((await index.relations(query(dataset))).incoming).toEqual([]);
        await index.forget([model.id]);
        expect((await index.relations(query(dataset))).outgoing.find((e) => e.iri === `${EX}model`)!.record).toBeNull();
      });

      it('takes a quarantined record out: links to it become external', async () => {
        await index.upsert([{ ...concept, status: 'quarantined' }]);
        expect((await index.relations(query(dataset))).outgoing.find((e) => e.iri === `${EX}orgnr`)!.record).toBeNull();
      });

      it('applies the same records twice without counting anything twice', async () => {
        await index.upsert([service, dataset, model, reuser, concept]);
        expect(await index.counts(dataset.id)).toEqual({ conformsTo: { outgoing: 2, incoming: 0 }, servesDataset: { outgoing: 0, incoming: 1 }, subject: { outgoing: 1, incoming: 0 } });
      });

      it('counts a link stated from both ends once', async () => {
        const whole = storedRecord(`${EX}whole`, 'dataset', `ex:whole a dcat:Dataset ; dct:hasPart ex:part .`);
        const part = storedRecord(`${EX}part`, 'dataset', `ex:part a dcat:Dataset ; dct:isPartOf ex:whole .`);
        await index.upsert([whole, part]);
        expect(await index.counts(whole.id)).toEqual({ hasPart: { outgoing: 1, incoming: 0 } });
        expect(await index.counts(part.id)).toEqual({ hasPart: { outgoing: 0, incoming: 1 } });
      });

      it('is rebuilt from pages of records', async () => {
        async function* pages(): AsyncIterable<readonly StoredRecord[]> {
          yield [service, dataset];
          yield [concept];
        }
        await index.rebuild(pages());
        const answer = await index.relations(query(dataset));
        expect(answer.outgoing.map((e) => [e.iri, e.record?.kind ?? 'external'])).toEqual([
          [`${EX}iso19115`, 'external'],
          [`${EX}model`, 'external'],
          [`${EX}orgnr`, 'concept'],
        ]);
        expect(answer.incoming.map((e) => e.iri)).toEqual([`${EX}api`]);
      });

      it('holds IRIs of any length (harvested IRIs are not capped), in both directions', async () => {
        const long = `${EX}${'lang-'.repeat(1200)}slutt`;
        const target = storedRecord(long, 'dataset', `<${long}> a dcat:Dataset ; dct:title "Lang"@nb .`);
        const pointer = storedRecord(`${EX}peker`, 'data-service', `ex:peker a dcat:DataService ; dcat:servesDataset <${long}> .`);
        await index.upsert([target, pointer]);
        expect((await index.relations(query(pointer))).outgoing).toEqual([
          { type: 'servesDataset', iri: long, record: { id: target.id, kind: 'dataset', status: 'published', title: 'Lang', titleLanguage: 'nb', part: false } },
        ]);
        expect((await index.relations(query(target))).incoming.map((e) => e.iri)).toEqual([`${EX}peker`]);
      });

      it('never loops on cycles: a record related to itself through others answers each edge once', async () => {
        const a = storedRecord(`${EX}a`, 'dataset', `ex:a a dcat:Dataset ; dct:relation ex:b ; prov:wasDerivedFrom ex:b .`);
        const b = storedRecord(`${EX}b`, 'dataset', `ex:b a dcat:Dataset ; dct:relation ex:a ; prov:wasDerivedFrom ex:a .`);
        await index.upsert([a, b]);
        expect(await index.counts(a.id)).toEqual({ relation: { outgoing: 1, incoming: 1 }, wasDerivedFrom: { outgoing: 1, incoming: 1 } });
      });
    });

    describe('relation summaries and the records another change touches', () => {
      const pending = async (): Promise<string[]> => [...(await index.pendingNeighbours(100))].sort();
      const settleAll = async (): Promise<void> => index.settleNeighbours(await index.pendingNeighbours(100));

      it('counts each record’s relations per type and direction by the kind of the other end', async () => {
        const summaries = await index.summaries([dataset.id, concept.id, service.id, 'no-such-record']);
        expect(summaries.get(dataset.id)).toEqual({
          conformsTo: { outgoing: { external: 1, 'information-model': 1 } },
          servesDataset: { incoming: { 'data-service': 1 } },
          subject: { outgoing: { concept: 1 } },
        });
        // The concept is meant by the dataset and by an attribute of the model.
        expect(summaries.get(concept.id)).toEqual({ subject: { incoming: { dataset: 1, 'information-model': 1 } } });
        expect(summaries.get(service.id)).toEqual({ conformsTo: { outgoing: { 'information-model': 1 } }, servesDataset: { outgoing: { dataset: 1, external: 1 } } });
        expect(summaries.get('no-such-record')).toEqual({});
      });

      it('marks pending the records at the far end of a link a change adds or drops, not those a change leaves as they were', async () => {
        await settleAll();
        // The same records again: nothing changes for anyone.
        await index.upsert([service, dataset]);
        expect(await pending()).toEqual([]);
        // The service stops serving the dataset and starts conforming to nothing else: the dataset's counts change.
        await index.upsert([storedRecord(`${EX}api`, 'data-service', `ex:api a dcat:DataService ; dct:title "Enhets-API"@nb ; dct:conformsTo ex:model .`)]);
        expect(await pending()).toEqual([dataset.id]);
        expect((await index.summaries([dataset.id])).get(dataset.id)!.servesDataset).toBeUndefined();
        await settleAll();
        expect(await pending()).toEqual([]);
        // A new dataset naming the concept: the concept's counts change (and the dataset itself is not pending: it was the change).
        const other = storedRecord(`${EX}other`, 'dataset', `ex:other a dcat:Dataset ; dct:subject ex:orgnr .`);
        await index.upsert([other]);
        expect(await pending()).toEqual([concept.id]);
      });

      it('marks pending the holders of links to a record that appears or is forgotten (their far end is no longer external)', async () => {
        const later = storedRecord(`${EX}iso19115`, 'dataset', `ex:iso19115 a dcat:Dataset ; dct:title "ISO 19115"@nb .`);
        await settleAll();
        await index.upsert([later]);
        expect(await pending()).toEqual([dataset.id]);
        expect((await index.summaries([dataset.id])).get(dataset.id)!.conformsTo).toEqual({ outgoing: { dataset: 1, 'information-model': 1 } });
        await settleAll();
        await index.forget([concept.id]);
        expect(await pending()).toEqual([dataset.id, model.id].sort());
      });

      it('writes a batch whole or not at all: a record that cannot be read leaves the records before it unwritten', async () => {
        // Three hundred datasets naming the concept (more than one slice), then a record whose graph is not N-Triples.
        const users = Array.from({ length: 300 }, (_, i) => storedRecord(`${EX}user-${i}`, 'dataset', `ex:user-${i} a dcat:Dataset ; dct:subject ex:orgnr .`));
        const unreadable: StoredRecord = { ...storedRecord(`${EX}broken`, 'dataset', `ex:broken a dcat:Dataset .`), graph: 'this is not N-Triples\n' };
        const result = await index.upsert([...users, unreadable]).then(() => 'written', (error: unknown) => error);
        expect(result).toBeInstanceOf(Error);
        // The projection's cursor has not moved past the batch: the index still answers what it held before it.
        expect((await index.relations(query(concept))).incoming.map((e) => e.iri)).toEqual([`${EX}enheter`, `${EX}organisasjonsnummer`]);
        expect(await index.summaries([users[0]!.id])).toEqual(new Map([[users[0]!.id, {}]]));
        // The connection is usable again: the same records without the unreadable one go in.
        await index.upsert(users);
        expect((await index.relations(query(concept))).total.incoming).toBe(302);
      });

      it('links a data service whose OpenAPI schema names a model element to the model that holds it, both ways', async () => {
        const DK = 'https://w3id.org/datakatalog/vocab#';
        const described = storedRecord(`${EX}openapi`, 'data-service', `ex:openapi a dcat:DataService ; dct:title "Beskrevet API"@nb ;
          <${DK}schema> <${EX}openapi#/components/schemas/Enhet> .
          <${EX}openapi#/components/schemas/Enhet> a <${DK}Schema> ; <${DK}schemaName> "Enhet" ; <${DK}modelElement> ex:Enhet .`);
        await index.upsert([described]);
        expect((await index.relations(query(described))).outgoing).toEqual([
          { type: 'apiSchemaElement', iri: `${EX}Enhet`, record: { id: model.id, kind: 'information-model', status: 'published', title: 'Enhet', titleLanguage: 'nb', part: true } },
        ]);
        const incoming = (await index.relations(query(model, { types: ['apiSchemaElement'] }))).incoming;
        expect(incoming).toEqual([
          { type: 'apiSchemaElement', iri: `${EX}openapi`, record: { id: described.id, kind: 'data-service', status: 'published', title: 'Beskrevet API', titleLanguage: 'nb', part: false }, element: { iri: `${EX}Enhet`, title: 'Enhet' } },
        ]);
        expect(await pending()).toContain(model.id);
      });

      it('leaves nothing pending after a rebuild (the search index is rebuilt after it)', async () => {
        await index.upsert([storedRecord(`${EX}api`, 'data-service', `ex:api a dcat:DataService .`)]);
        expect(await pending()).not.toEqual([]);
        async function* pages(): AsyncIterable<readonly StoredRecord[]> {
          yield [service, dataset, concept];
        }
        await index.rebuild(pages());
        expect(await pending()).toEqual([]);
      });
    });
  });
}
