import pg from 'pg';
import { afterAll, describe, expect, it } from 'vitest';
import type { StoredRecord } from '../../src/core/catalog-record.js';
import { PostgresRelationsIndex } from '../../src/relations/postgres/postgres-relations-index.js';
import { concept, dataset, EX, model, query, relationsIndexContract, service } from '../contract/relations-index.contract.js';
import { dropTestSchemas, freshSchema, TEST_DATABASE_URL } from '../support/postgres.js';
import { storedRecord } from './fixtures/stored-record.js';

const url = TEST_DATABASE_URL ?? '';
afterAll(dropTestSchemas);

async function* pagesOf(...pages: (readonly StoredRecord[])[]): AsyncIterable<readonly StoredRecord[]> {
  for (const page of pages) yield page;
}

describe.skipIf(TEST_DATABASE_URL === undefined)('PostgresRelationsIndex', () => {
  relationsIndexContract('PostgresRelationsIndex', { create: () => PostgresRelationsIndex.open({ url, schema: freshSchema('r') }) });

  it('is shared: what one node writes, another node on the same schema answers', async () => {
    const schema = freshSchema('r');
    const writer = await PostgresRelationsIndex.open({ url, schema });
    const reader = await PostgresRelationsIndex.open({ url, schema });
    try {
      await writer.upsert([service, dataset, model, concept]);
      expect((await reader.relations(query(dataset))).incoming.map((e) => e.iri)).toEqual([`${EX}api`]);
      await writer.forget([service.id]);
      expect((await reader.relations(query(dataset))).incoming).toEqual([]);
    } finally {
      await writer.close();
      await reader.close();
    }
  });

  it('asks for a rebuild until one completed, whichever node ran it, and not after', async () => {
    const schema = freshSchema('r');
    const first = await PostgresRelationsIndex.open({ url, schema });
    expect(first.needsRebuild).toBe(true);
    // Records that came in through changes alone are no complete build: the next start still asks.
    await first.upsert([service, dataset]);
    const second = await PostgresRelationsIndex.open({ url, schema });
    expect(second.needsRebuild).toBe(true);
    // A rebuild that fails leaves the index as it was, and still unbuilt.
    async function* failing(): AsyncIterable<readonly StoredRecord[]> {
      yield [concept];
      throw new Error('the store went away');
    }
    await expect(second.rebuild(failing())).rejects.toThrow('the store went away');
    expect((await first.relations(query(dataset))).incoming.map((e) => e.iri)).toEqual([`${EX}api`]);
    expect((await first.relations(query(dataset))).outgoing.find((e) => e.iri === `${EX}orgnr`)!.record).toBeNull();
    expect((await PostgresRelationsIndex.open({ url, schema }).then(async (i) => [i.needsRebuild, await i.close()]))[0]).toBe(true);
    await second.rebuild(pagesOf([service, dataset], [model, concept]));
    expect((await first.relations(query(dataset))).outgoing.find((e) => e.iri === `${EX}orgnr`)!.record?.id).toBe(concept.id);
    const third = await PostgresRelationsIndex.open({ url, schema });
    expect(third.needsRebuild).toBe(false);
    await Promise.all([first.close(), second.close(), third.close()]);
  });

  it('empties an index another version wrote, and asks for a rebuild', async () => {
    const schema = freshSchema('r');
    const index = await PostgresRelationsIndex.open({ url, schema });
    await index.rebuild(pagesOf([service, dataset]));
    await index.close();
    const client = new pg.Client({ connectionString: url });
    await client.connect();
    try {
      await client.query(`UPDATE "${schema}".relation_settings SET value = 'an-older-version' WHERE name = 'built'`);
    } finally {
      await client.end();
    }
    const reopened = await PostgresRelationsIndex.open({ url, schema });
    try {
      expect(reopened.needsRebuild).toBe(true);
      expect(await reopened.counts(dataset.id)).toEqual({});
    } finally {
      await reopened.close();
    }
  });

  it('keeps a title that holds U+0000 (which PostgreSQL text and jsonb cannot hold), instead of failing the batch', async () => {
    const index = await PostgresRelationsIndex.open({ url, schema: freshSchema('r') });
    try {
      const odd = storedRecord(`${EX}odd`, 'data-service', `ex:odd a dcat:DataService ; dct:title "Nul\\u0000tegn"@nb ; dcat:servesDataset ex:enheter , ex:elsewhere .`);
      await index.upsert([dataset, odd]);
      expect((await index.relations(query(dataset))).incoming).toEqual([
        { type: 'servesDataset', iri: `${EX}odd`, record: { id: odd.id, kind: 'data-service', status: 'published', title: 'Nul\u0000tegn', titleLanguage: 'nb', part: false } },
      ]);
      expect((await index.counts(odd.id)).servesDataset).toEqual({ outgoing: 2, incoming: 0 });
    } finally {
      await index.close();
    }
  });
});
