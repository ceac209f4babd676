import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import Database from 'better-sqlite3';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { StoredRecord } from '../../src/core/catalog-record.js';
import { SqliteRelationsIndex } from '../../src/relations/sqlite/sqlite-relations-index.js';
import { SECONDARY_INDEXES } from '../../src/relations/sqlite/schema.js';
import { concept, dataset, EX, model, query, relationsIndexContract, reuser, service } from '../contract/relations-index.contract.js';
import { storedRecord } from './fixtures/stored-record.js';
import { countingLoopTurns } from '../support/loop-turns.js';

relationsIndexContract('SqliteRelationsIndex', { create: async () => SqliteRelationsIndex.open({ file: ':memory:' }) });

let index: SqliteRelationsIndex;
beforeEach(async () => {
  index = SqliteRelationsIndex.open({ file: ':memory:' });
  await index.upsert([service, dataset, model, reuser, concept]);
});
afterEach(() => index.close());

describe('the embedded relations index', () => {
  const pending = async (): Promise<string[]> => [...(await index.pendingNeighbours(100))].sort();
  const settleAll = async (): Promise<void> => index.settleNeighbours(await index.pendingNeighbours(100));

  it('has its lookup indexes again after a rebuild (built once at its end); one a failing page stopped changes nothing', async () => {
    const dir = mkdtempSync(path.join(tmpdir(), 'dk-relations-rebuild-'));
    try {
      const onDisk = SqliteRelationsIndex.openInDataDir(dir);
      const indexes = (): string[] => {
        const db = new Database(path.join(dir, 'relations.db'), { readonly: true });
        try {
          return db.prepare("SELECT name FROM sqlite_master WHERE type = 'index' AND name LIKE 'rel_%' ORDER BY name").pluck().all() as string[];
        } finally {
          db.close();
        }
      };
      const all = SECONDARY_INDEXES.map((i) => i.name).sort();
      expect(indexes()).toEqual(all);
      async function* good(): AsyncIterable<readonly StoredRecord[]> {
        yield [service, dataset, concept];
      }
      await onDisk.rebuild(good());
      expect(indexes()).toEqual(all);
      expect((await onDisk.relations(query(dataset))).incoming.map((e) => e.iri)).toEqual([`${EX}api`]);
      async function* failing(): AsyncIterable<readonly StoredRecord[]> {
        yield [service];
        throw new Error('the store went away');
      }
      await expect(onDisk.rebuild(failing())).rejects.toThrow('the store went away');
      expect(indexes()).toEqual(all);
      // The failed rebuild changed nothing: the index still answers what the last good one wrote (the
      // projection's cursor still points there), not the one page the failed rebuild had read.
      expect((await onDisk.relations(query(dataset))).incoming.map((e) => e.iri)).toEqual([`${EX}api`]);
      expect((await onDisk.relations(query(concept))).incoming.map((e) => e.iri)).toEqual([`${EX}enheter`]);
      await onDisk.close();
      const reopened = SqliteRelationsIndex.openInDataDir(dir);
      expect((await reopened.relations(query(concept))).incoming.map((e) => e.iri)).toEqual([`${EX}enheter`]);
      await reopened.close();
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it('writes a large batch a slice at a time, letting other work run between slices, and still marks no record of the batch pending', async () => {
    const term = storedRecord(`${EX}new-term`, 'concept', `ex:new-term a skos:Concept ; skos:prefLabel "ny"@nb .`);
    await index.upsert([term]);
    await settleAll();
    // Three hundred datasets start naming the term (more than one slice, whatever the slices learnt), and the term itself changes last in the same batch.
    const users = Array.from({ length: 300 }, (_, i) => storedRecord(`${EX}user-${i}`, 'dataset', `ex:user-${i} a dcat:Dataset ; dct:subject ex:new-term .`));
    const renamed = storedRecord(`${EX}new-term`, 'concept', `ex:new-term a skos:Concept ; skos:prefLabel "nyere"@nb .`);
    const { turns } = await countingLoopTurns(() => index.upsert([...users, renamed]));
    expect(turns).toBeGreaterThan(0);
    // The term is written in the batch: its new users do not make it pending, even from an earlier slice.
    expect(await pending()).toEqual([]);
    expect((await index.summaries([term.id])).get(term.id)).toEqual({ subject: { incoming: { dataset: 300 } } });
  });
});
