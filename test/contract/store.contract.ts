import { createHash } from 'node:crypto';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { ApiToken } from '../../src/core/api-token.js';
import type { RecordWrite, StoredRecord } from '../../src/core/catalog-record.js';
import { ConflictError } from '../../src/core/errors.js';
import type { HarvestRun } from '../../src/core/harvest-run.js';
import type { HarvestSource } from '../../src/core/harvest-source.js';
import { HarvestLeaseLostError, type Store } from '../../src/core/ports/store.js';
import { VersionReplay } from '../../src/core/record-version.js';
import type { ValidationReport } from '../../src/core/validation-report.js';
import { graphHash } from '../../src/rdf/ntriples.js';
import { uuidV3 } from '../../src/rdf/uuid-v3.js';

/**
 * The behaviour every Store adapter shows. Each test gets a fresh, empty store from `makeStore`
 * and closes it afterwards.
 */
export function storeContract(name: string, makeStore: () => Promise<Store>): void {
  describe(`Store contract: ${name}`, () => {
    let store: Store;
    beforeEach(async () => {
      store = await makeStore();
    });
    afterEach(async () => {
      await store.close();
    });

    describe('sources', () => {
      it('saves a source and reads it back, alone and in the list', async () => {
        const a = source('a');
        const b = source('b', { accept: 'text/turtle', timeoutMs: 5000, profile: 'dcat-ap-no-3', quarantineInvalid: true });
        await store.saveSource(a);
        await store.saveSource(b);
        expect(await store.getSource(a.id)).toEqual(a);
        expect(await store.getSource(b.id)).toEqual(b);
        expect(await store.getSource('no-such-source')).toBeUndefined();
        expect(sortById(await store.listSources())).toEqual(sortById([a, b]));
      });

      it('overwrites a source saved again under the same id', async () => {
        await store.saveSource(source('a'));
        const changed = source('a', { url: 'https://changed.example.no/catalog.ttl', quarantineInvalid: true });
        await store.saveSource(changed);
        expect(await store.getSource(changed.id)).toEqual(changed);
        expect(await store.listSources()).toHaveLength(1);
      });

      it('keeps fetch state per source and URL', async () => {
        const a = source('a');
        await store.saveSource(a);
        expect(await store.getFetchState(a.id, 'https://a.example.no/p1')).toBeUndefined();
        await store.setFetchState(a.id, 'https://a.example.no/p1', { etag: '"v1"', lastModified: 'Tue, 01 Jul 2025 10:00:00 GMT' });
        await store.setFetchState(a.id, 'https://a.example.no/p2', { etag: '"w1"' });
        await store.setFetchState(a.id, 'https://a.example.no/p1', { etag: '"v2"' });
        expect(await store.getFetchState(a.id, 'https://a.example.no/p1')).toEqual({ etag: '"v2"' });
        expect(await store.getFetchState(a.id, 'https://a.example.no/p2')).toEqual({ etag: '"w1"' });
      });

      it('refuses fetch state for an unknown source', async () => {
        await expect(store.setFetchState('no-such-source', 'https://x.example.no/', { etag: '"1"' })).rejects.toThrow(/no-such-source/);
      });

      it('deletes a source with its runs and fetch state, and turns its records into tombstones', async () => {
        const a = source('a');
        const b = source('b');
        await store.saveSource(a);
        await store.saveSource(b);
        await store.setFetchState(a.id, 'https://a.example.no/', { etag: '"1"' });
        const run = await store.startRun(a.id, '2025-01-01T00:00:00.000Z');
        await store.writeRecords([write(1, { sourceId: a.id }), write(2, { sourceId: b.id })]);
        const before = await store.latestChangeSeq();

        await store.deleteSource(a.id);

        expect(await store.getSource(a.id)).toBeUndefined();
        expect(await store.getRun(run.id)).toBeUndefined();
        expect(await store.getFetchState(a.id, 'https://a.example.no/')).toBeUndefined();
        const tombstone = await store.getRecord(recordId(1));
        expect(tombstone?.status).toBe('removed');
        expect(tombstone?.removedAt).not.toBeNull();
        expect((await store.getRecord(recordId(2)))?.status).toBe('published');
        expect(await store.changesSince(before, 10)).toEqual([{ seq: expect.any(Number), id: recordId(1), op: 'remove' }]);
      });
    });

    describe('runs', () => {
      it('starts a run as running with empty counts and a fresh id', async () => {
        await store.saveSource(source('a'));
        const r1 = await store.startRun(source('a').id, '2025-01-01T10:00:00.000Z');
        const r2 = await store.startRun(source('a').id, '2025-01-01T11:00:00.000Z');
        expect(r1).toMatchObject({ sourceId: source('a').id, startedAt: '2025-01-01T10:00:00.000Z', state: 'running', problems: [] });
        expect(r1.counts).toEqual({ added: 0, changed: 0, unchanged: 0, removed: 0, invalid: 0, conflicts: 0, skipped: 0 });
        expect(r1.id).not.toBe(r2.id);
        expect(await store.getRun(r1.id)).toEqual(r1);
        expect(await store.getRun('no-such-run')).toBeUndefined();
      });

      it('refuses to start a run for an unknown source', async () => {
        await expect(store.startRun('no-such-source', '2025-01-01T10:00:00.000Z')).rejects.toThrow(/no-such-source/);
      });

      it('stores the final state, counts, problems and details of a run', async () => {
        await store.saveSource(source('a'));
        const run = await store.startRun(source('a').id, '2025-01-01T10:00:00.000Z');
        const finished: HarvestRun = {
          ...run,
          state: 'failed',
          endedAt: '2025-01-01T10:05:00.000Z',
          counts: { added: 3, changed: 1, unchanged: 7, removed: 2, invalid: 1, conflicts: 1, skipped: 4 },
          problems: [
            { kind: 'conflict', resource: 'https://a.example.no/dataset/1', message: 'Another source owns this dataset.' },
            { kind: 'parse', resource: 'https://a.example.no/catalog.ttl', message: 'Unexpected "<" on line 3.', line: 3 },
          ],
          error: 'The source answered 500 Internal Server Error.',
          documents: 2,
        };
        await store.finishRun(finished);
        expect(await store.getRun(run.id)).toEqual(finished);

        const notModified = await store.startRun(source('a').id, '2025-01-02T10:00:00.000Z');
        const done: HarvestRun = { ...notModified, state: 'succeeded', endedAt: '2025-01-02T10:00:01.000Z', notModified: true };
        await store.finishRun(done);
        expect(await store.getRun(notModified.id)).toEqual(done);
      });

      it('lists runs newest first, per source and limited', async () => {
        await store.saveSource(source('a'));
        await store.saveSource(source('b'));
        const a1 = await store.startRun(source('a').id, '2025-01-01T10:00:00.000Z');
        const b1 = await store.startRun(source('b').id, '2025-01-02T10:00:00.000Z');
        const a2 = await store.startRun(source('a').id, '2025-01-03T10:00:00.000Z');
        expect((await store.listRuns({ limit: 10 })).map((r) => r.id)).toEqual([a2.id, b1.id, a1.id]);
        expect((await store.listRuns({ sourceId: source('a').id, limit: 10 })).map((r) => r.id)).toEqual([a2.id, a1.id]);
        expect((await store.listRuns({ limit: 2 })).map((r) => r.id)).toEqual([a2.id, b1.id]);
      });

      it('marks runs left running as interrupted, once, and leaves finished runs alone', async () => {
        await store.saveSource(source('a'));
        const left = await store.startRun(source('a').id, '2025-01-01T10:00:00.000Z');
        const done = await store.startRun(source('a').id, '2025-01-01T11:00:00.000Z');
        const finished: HarvestRun = { ...done, state: 'succeeded', endedAt: '2025-01-01T11:01:00.000Z' };
        await store.finishRun(finished);

        expect(await store.interruptRunningRuns('2025-01-01T12:00:00.000Z')).toBe(1);
        const interrupted = await store.getRun(left.id);
        expect(interrupted).toMatchObject({ state: 'interrupted', endedAt: '2025-01-01T12:00:00.000Z' });
        expect(interrupted?.error).toMatch(/stopped/);
        expect(await store.getRun(done.id)).toEqual(finished);
        expect(await store.interruptRunningRuns('2025-01-01T13:00:00.000Z')).toBe(0);
      });

      it('interrupts only the runs of processes that are gone when asked for orphaned runs: its own go on', async () => {
        await store.saveSource(source('a'));
        const own = await store.startRun(source('a').id, '2025-01-01T10:00:00.000Z');
        expect(await store.interruptRunningRuns('2025-01-01T12:00:00.000Z', true)).toBe(0);
        expect((await store.getRun(own.id))?.state).toBe('running');
        expect(await store.interruptRunningRuns('2025-01-01T12:00:00.000Z')).toBe(1);
      });
    });

    describe('records', () => {
      it('reads a written record back by id and by IRI, with its graph and validation report', async () => {
        const w = write(1, { validation: report(false) });
        await store.writeRecords([w]);
        const expected: StoredRecord = { ...w, removedAt: null };
        expect(await store.getRecord(w.id)).toEqual(expected);
        expect(await store.getRecordByIri(w.iri)).toEqual(expected);
        expect(await store.getRecord(recordId(99))).toBeUndefined();
        expect(await store.getRecordByIri(iriOf(99))).toBeUndefined();
      });

      it('reads the current rows of many records at once, any status, leaving out ids it does not hold', async () => {
        await store.writeRecords([write(1), write(2, { status: 'quarantined', validation: report(false) }), write(3)]);
        await store.markRemoved([recordId(3)], '2025-02-01T00:00:00.000Z');
        const rows = await store.getRecords([recordId(3), recordId(1), recordId(99), recordId(2), recordId(1)]);
        expect([...rows.keys()].sort()).toEqual([recordId(1), recordId(2), recordId(3)].sort());
        for (const id of [recordId(1), recordId(2), recordId(3)]) expect(rows.get(id)).toEqual(await store.getRecord(id));
        expect(rows.get(recordId(3))?.status).toBe('removed');
        expect(await store.getRecords([])).toEqual(new Map());
      });

      it('gives the state of every record of a source keyed by IRI, removed ones included', async () => {
        await store.writeRecords([write(1), write(2, { status: 'quarantined', validation: report(false) }), write(3), write(4, { sourceId: 'other' })]);
        await store.markRemoved([recordId(3)], '2025-02-01T00:00:00.000Z');
        const states = await store.recordStatesOfSource('src-a');
        expect([...states.keys()].sort()).toEqual([iriOf(1), iriOf(2), iriOf(3)].sort());
        expect(states.get(iriOf(2))).toMatchObject({ id: recordId(2), status: 'quarantined', sourceId: 'src-a' });
        expect(states.get(iriOf(3))).toMatchObject({ status: 'removed', removedAt: '2025-02-01T00:00:00.000Z' });
        const state = states.get(iriOf(1))!;
        expect(state).toEqual({ ...stateOf(write(1)), removedAt: null });
        expect(await store.recordStatesOfSource('nobody')).toEqual(new Map());
      });

      it('finds the owners of given IRIs, ignoring unknown ones', async () => {
        await store.writeRecords([write(1), write(2, { sourceId: 'src-b' })]);
        await store.markRemoved([recordId(2)], '2025-02-01T00:00:00.000Z');
        const owners = await store.recordStatesByIri([iriOf(1), iriOf(2), iriOf(3)]);
        expect([...owners.keys()].sort()).toEqual([iriOf(1), iriOf(2)].sort());
        expect(owners.get(iriOf(2))).toMatchObject({ sourceId: 'src-b', status: 'removed' });
        expect(await store.recordStatesByIri([])).toEqual(new Map());
      });

      it('replaces a changed record but keeps its first-harvest date', async () => {
        await store.writeRecords([write(1, { issued: '2025-01-01T00:00:00.000Z', modified: '2025-01-01T00:00:00.000Z' })]);
        const changed = write(1, { title: 'changed', issued: '2025-03-01T00:00:00.000Z', modified: '2025-03-01T00:00:00.000Z', status: 'quarantined', validation: report(false) });
        await store.writeRecords([changed]);
        const stored = await store.getRecord(recordId(1));
        expect(stored).toEqual({ ...changed, issued: '2025-01-01T00:00:00.000Z', removedAt: null });
      });

      it('keeps a record\'s artefacts by content hash with its write: replaced with the record, reused by hash, read back byte for byte', async () => {
        const v1 = Buffer.from('openapi: 3.0.3\ninfo: { title: A, version: "1" }\n');
        const v2 = Buffer.from('{"openapi":"3.1.0","info":{"title":"A","version":"2"}}');
        const hash = (b: Buffer): string => createHash('sha256').update(b).digest('hex');
        expect(await store.getArtefact(recordId(1), 'openapi')).toBeUndefined();
        await store.writeRecords([write(1, { artefacts: [{ name: 'openapi', mediaType: 'application/yaml', hash: hash(v1), body: v1 }] })]);
        expect(await store.getArtefact(recordId(1), 'openapi')).toEqual({ name: 'openapi', mediaType: 'application/yaml', hash: hash(v1), body: v1 });
        expect(await store.artefactsOf(recordId(1))).toEqual([{ name: 'openapi', mediaType: 'application/yaml', hash: hash(v1), bytes: v1.length }]);
        expect(await store.artefactsOf(recordId(4))).toEqual([]);
        // Another record names the same bytes by hash only (a description that answered 304): the kept bytes serve it.
        await store.writeRecords([write(2, { artefacts: [{ name: 'openapi', mediaType: 'application/yaml', hash: hash(v1) }] })]);
        expect((await store.getArtefact(recordId(2), 'openapi'))?.body).toEqual(v1);
        // A hash whose bytes the store never kept is left out, not linked to nothing.
        await store.writeRecords([write(3, { artefacts: [{ name: 'openapi', mediaType: 'application/json', hash: hash(v2) }] })]);
        expect(await store.getArtefact(recordId(3), 'openapi')).toBeUndefined();
        // A new version replaces the old one; a write without artefacts leaves the record none.
        await store.writeRecords([write(1, { title: 'v2', artefacts: [{ name: 'openapi', mediaType: 'application/json', hash: hash(v2), body: v2 }] })]);
        expect(await store.getArtefact(recordId(1), 'openapi')).toEqual({ name: 'openapi', mediaType: 'application/json', hash: hash(v2), body: v2 });
        expect((await store.getArtefact(recordId(2), 'openapi'))?.body).toEqual(v1);
        await store.writeRecords([write(2, { title: 'none' })]);
        expect(await store.getArtefact(recordId(2), 'openapi')).toBeUndefined();
        expect(await store.artefactsOf(recordId(2))).toEqual([]);
        // A tombstone keeps its artefact (the HTTP layer answers 410 before reading it).
        await store.markRemoved([recordId(1)], '2025-02-01T00:00:00.000Z');
        expect((await store.getArtefact(recordId(1), 'openapi'))?.hash).toBe(hash(v2));
      });

      it('replaces the validation report of a record judged again, only at the graph it was judged on and only while published, with a change-log entry', async () => {
        const v1 = Buffer.from('openapi: 3.0.3\n');
        const hash = createHash('sha256').update(v1).digest('hex');
        const judged = write(1, { validation: report(false), artefacts: [{ name: 'openapi', mediaType: 'application/yaml', hash, body: v1 }] });
        await store.writeRecords([judged, write(2, { validation: report(false) }), write(3, { status: 'quarantined', validation: report(false) }), write(4, { validation: report(false) })]);
        // Record 2 was harvested again (a new graph) after it was judged; 4 was removed: neither takes the old judgement.
        const stale = write(2, { validation: report(false) });
        await store.writeRecords([write(2, { title: 'newer', validation: report(false) })]);
        await store.markRemoved([recordId(4)], '2025-02-01T00:00:00.000Z');
        const seq = await store.latestChangeSeq();
        const versions = await store.recordVersions(recordId(1));
        const replaced = await store.replaceValidationReports([
          { id: recordId(1), hash: judged.hash, validation: report(true) },
          { id: recordId(2), hash: stale.hash, validation: report(true) },
          { id: recordId(3), hash: write(3).hash, validation: report(true) },
          { id: recordId(4), hash: write(4).hash, validation: report(true) },
          { id: recordId(99), hash: 'x', validation: report(true) },
        ]);
        expect(replaced).toEqual([recordId(1)]);
        expect(await store.getRecord(recordId(1))).toEqual({ ...judged, artefacts: undefined, validation: report(true), removedAt: null });
        expect((await store.getArtefact(recordId(1), 'openapi'))?.body).toEqual(v1);
        expect(await store.recordVersions(recordId(1))).toEqual(versions);
        expect((await store.getRecord(recordId(2)))?.validation).toEqual(report(false));
        expect((await store.getRecord(recordId(3)))?.validation).toEqual(report(false));
        expect((await store.getRecord(recordId(4)))?.validation).toEqual(report(false));
        expect(await store.changesSince(seq, 10)).toEqual([{ seq: expect.any(Number), id: recordId(1), op: 'upsert' }]);
        expect(await store.replaceValidationReports([])).toEqual([]);
      });

      it('marks records removed: tombstones keep id, first-harvest date and graph, and leave publication', async () => {
        const w = write(1, { issued: '2025-01-01T00:00:00.000Z' });
        await store.writeRecords([w, write(2)]);
        await store.markRemoved([w.id], '2025-02-01T00:00:00.000Z');
        const tombstone = await store.getRecord(w.id);
        expect(tombstone).toEqual({ ...w, status: 'removed', removedAt: '2025-02-01T00:00:00.000Z' });
        expect(await ids(store.publishedRecords())).toEqual([recordId(2)]);
      });

      it('does nothing more when a tombstone is marked removed again', async () => {
        await store.writeRecords([write(1)]);
        await store.markRemoved([recordId(1)], '2025-02-01T00:00:00.000Z');
        const seq = await store.latestChangeSeq();
        await store.markRemoved([recordId(1)], '2025-03-01T00:00:00.000Z');
        expect(await store.latestChangeSeq()).toBe(seq);
        expect((await store.getRecord(recordId(1)))?.removedAt).toBe('2025-02-01T00:00:00.000Z');
      });

      it('refuses to mark an unknown record removed, naming it, and changes nothing', async () => {
        await store.writeRecords([write(1)]);
        const seq = await store.latestChangeSeq();
        await expect(store.markRemoved([recordId(1), 'no-such-record'], '2025-02-01T00:00:00.000Z')).rejects.toThrow(/no-such-record/);
        expect((await store.getRecord(recordId(1)))?.status).toBe('published');
        expect(await store.latestChangeSeq()).toBe(seq);
      });

      it('brings a reappearing resource back under its old id and first-harvest date', async () => {
        await store.writeRecords([write(1, { issued: '2025-01-01T00:00:00.000Z' })]);
        await store.markRemoved([recordId(1)], '2025-02-01T00:00:00.000Z');
        const back = write(1, { title: 'back', issued: '2025-03-01T00:00:00.000Z', modified: '2025-03-01T00:00:00.000Z' });
        await store.writeRecords([back]);
        expect(await store.getRecord(recordId(1))).toEqual({ ...back, issued: '2025-01-01T00:00:00.000Z', removedAt: null });
        expect(await ids(store.publishedRecords())).toEqual([recordId(1)]);
      });

      it('refuses a record that claims an IRI another record holds', async () => {
        await store.writeRecords([write(1)]);
        const thief = { ...write(2), iri: iriOf(1) };
        const error = await store.writeRecords([thief]).catch((e: unknown) => e);
        expect(error).toBeInstanceOf(ConflictError);
        expect((error as Error).message).toContain(iriOf(1));
        expect(await store.getRecord(recordId(2))).toBeUndefined();
      });

      it('refuses a write with status removed', async () => {
        const bad = { ...write(1), status: 'removed' } as unknown as RecordWrite;
        await expect(store.writeRecords([bad])).rejects.toThrow(/markRemoved/);
      });

      it('pages published records in id order, leaving out quarantined and removed ones', async () => {
        expect(await ids(store.publishedRecords())).toEqual([]);
        const writes = Array.from({ length: 23 }, (_, i) => write(i, i % 5 === 0 ? { status: 'quarantined', validation: report(false) } : {}));
        await store.writeRecords(writes);
        await store.markRemoved([recordId(1), recordId(2)], '2025-02-01T00:00:00.000Z');
        const pages: StoredRecord[][] = [];
        for await (const page of store.publishedRecords(4)) pages.push(page);
        expect(pages.every((p) => p.length <= 4 && p.length > 0)).toBe(true);
        const got = pages.flat();
        const expected = writes.filter((w, i) => w.status === 'published' && i !== 1 && i !== 2).map((w) => w.id).sort();
        expect(got.map((r) => r.id)).toEqual(expected);
        expect(got.every((r) => r.status === 'published')).toBe(true);
        expect(got[0]).toEqual({ ...writes.find((w) => w.id === got[0]!.id)!, removedAt: null });
      });

      it('pages every published record once in the stored order too, of the kinds asked for', async () => {
        // Written in an order unlike the ids' order, then one changed (it must not come twice) and two removed.
        const writes = Array.from({ length: 23 }, (_, i) => write((i * 7) % 23, i % 6 === 0 ? { status: 'quarantined', validation: report(false) } : i % 4 === 0 ? { kind: 'concept' } : {}));
        await store.writeRecords(writes);
        const changed = writes.find((w, i) => i > 2 && w.status === 'published')!;
        await store.writeRecords([{ ...changed, hash: 'changed', graph: `${changed.graph}<https://example.org/x> <https://example.org/p> "changed" .\n` }]);
        await store.markRemoved([writes[1]!.id, writes[2]!.id], '2025-02-01T00:00:00.000Z');
        const published = writes.filter((w, i) => w.status === 'published' && i !== 1 && i !== 2);
        const pages: StoredRecord[][] = [];
        for await (const page of store.publishedRecords(4, undefined, 'stored')) pages.push(page);
        expect(pages.every((p) => p.length <= 4 && p.length > 0)).toBe(true);
        const got = pages.flat();
        expect(got.map((r) => r.id).sort()).toEqual(published.map((w) => w.id).sort());
        expect(got.find((r) => r.id === changed.id)!.hash).toBe('changed');
        expect(got.every((r) => r.status === 'published')).toBe(true);
        const concepts: string[] = [];
        for await (const page of store.publishedRecords(3, ['concept'], 'stored')) concepts.push(...page.map((r) => r.id));
        expect(concepts.sort()).toEqual(published.filter((w) => w.kind === 'concept').map((w) => w.id).sort());
        expect(concepts.length).toBeGreaterThan(3);
      });

      it('pages only the published records of the kinds asked for, when asked', async () => {
        const writes = [write(1), write(2, { kind: 'concept' }), write(3, { kind: 'catalog' }), write(4, { kind: 'concept', status: 'quarantined', validation: report(false) }), write(5, { kind: 'concept' }), write(6)];
        await store.writeRecords(writes);
        await store.markRemoved([recordId(5)], '2025-02-01T00:00:00.000Z');
        expect(await ids(store.publishedRecords(1, ['concept']))).toEqual([recordId(2)]);
        expect((await ids(store.publishedRecords(undefined, ['dataset', 'catalog']))).sort()).toEqual([recordId(1), recordId(3), recordId(6)].sort());
        expect(await ids(store.publishedRecords(undefined, []))).toEqual([]);
        expect((await ids(store.publishedRecords())).length).toBe(4);
      });

      it('counts records per status', async () => {
        expect(await store.countRecords()).toEqual({ published: 0, quarantined: 0, removed: 0 });
        await store.writeRecords([write(1), write(2), write(3, { kind: 'catalog' }), write(4, { status: 'quarantined', validation: report(false) }), write(5)]);
        await store.markRemoved([recordId(5)], '2025-02-01T00:00:00.000Z');
        expect(await store.countRecords()).toEqual({ published: 3, quarantined: 1, removed: 1 });
        expect(await store.countRecordsByKind()).toEqual([
          { kind: 'catalog', status: 'published', n: 1 },
          { kind: 'dataset', status: 'published', n: 2 },
          { kind: 'dataset', status: 'quarantined', n: 1 },
          { kind: 'dataset', status: 'removed', n: 1 },
        ]);
      });
    });

    describe('change log and cursors', () => {
      it('logs every write and removal in order', async () => {
        expect(await store.latestChangeSeq()).toBe(0);
        expect(await store.changesSince(0, 100)).toEqual([]);
        await store.writeRecords([write(1), write(2)]);
        await store.markRemoved([recordId(1)], '2025-02-01T00:00:00.000Z');
        await store.writeRecords([write(1, { title: 'back' })]);
        const changes = await store.changesSince(0, 100);
        expect(changes.map((c) => [c.id, c.op])).toEqual([
          [recordId(1), 'upsert'],
          [recordId(2), 'upsert'],
          [recordId(1), 'remove'],
          [recordId(1), 'upsert'],
        ]);
        const seqs = changes.map((c) => c.seq);
        expect([...seqs].sort((x, y) => x - y)).toEqual(seqs);
        expect(new Set(seqs).size).toBe(4);
        expect(await store.latestChangeSeq()).toBe(seqs[3]);
      });

      it('reads the log from a position, at most `limit` entries', async () => {
        await store.writeRecords([write(1), write(2), write(3), write(4)]);
        const all = await store.changesSince(0, 100);
        expect(await store.changesSince(all[1]!.seq, 1)).toEqual([all[2]]);
        expect(await store.changesSince(all[3]!.seq, 10)).toEqual([]);
      });

      it('keeps named cursors, starting at 0', async () => {
        expect(await store.getCursor('search')).toBe(0);
        await store.setCursor('search', 42);
        await store.setCursor('sparql', 7);
        await store.setCursor('search', 43);
        expect(await store.getCursor('search')).toBe(43);
        expect(await store.getCursor('sparql')).toBe(7);
      });
    });

    describe('history of published versions', () => {
      it('keeps every published version as the triples it added and removed, with its run', async () => {
        await store.writeRecords([write(1, { runId: 'run-1', modified: '2025-01-01T00:00:00.000Z' })]);
        await store.writeRecords([write(1, { title: 'second', runId: 'run-2', modified: '2025-02-01T00:00:00.000Z' })]);
        await store.markRemoved([recordId(1)], '2025-03-01T00:00:00.000Z', 'run-3');
        await store.writeRecords([write(1, { title: 'back', runId: 'run-4', modified: '2025-04-01T00:00:00.000Z' })]);

        const versions = await store.recordVersions(recordId(1));
        expect(versions.map((v) => [v.version, v.op, v.runId, v.at, v.added, v.removed])).toEqual([
          [1, 'add', 'run-1', '2025-01-01T00:00:00.000Z', 3, 0],
          [2, 'change', 'run-2', '2025-02-01T00:00:00.000Z', 1, 1],
          [3, 'remove', 'run-3', '2025-03-01T00:00:00.000Z', 0, 3],
          [4, 'add', 'run-4', '2025-04-01T00:00:00.000Z', 3, 0],
        ]);
        expect(versions.every((v) => v.iri === iriOf(1) && v.kind === 'dataset' && v.sourceId === 'src-a')).toBe(true);
        expect(await store.versionGraph(recordId(1), 1)).toBe(datasetGraph(1));
        expect(await store.versionGraph(recordId(1), 2)).toBe(datasetGraph(1, 'second'));
        expect(await store.versionGraph(recordId(1), 3)).toBe('\n');
        expect(await store.versionGraph(recordId(1), 4)).toBe(datasetGraph(1, 'back'));
        expect(await store.versionGraph(recordId(1), 5)).toBeUndefined();
        expect(await store.versionGraph(recordId(1), 0)).toBeUndefined();
        // The deltas from version 1 up to a version, replayed forward once for several graphs, each as versionGraph gives it.
        const deltas = await store.versionDeltas(recordId(1), 4, 1);
        expect(deltas.map((d) => d.version)).toEqual([1, 2, 3, 4]);
        const replay = new VersionReplay(deltas);
        expect([1, 2, 4].map((v) => replay.graphAt(v))).toEqual([datasetGraph(1), datasetGraph(1, 'second'), datasetGraph(1, 'back')]);
        expect(replay.graphAt(2)).toBeUndefined();
        // Each from the last whole graph at or before where it starts: an add, a removal (nothing), a base or a snapshot.
        expect((await store.versionDeltas(recordId(1), 2)).map((d) => d.version)).toEqual([1, 2]);
        expect((await store.versionDeltas(recordId(1), 4)).map((d) => d.version)).toEqual([4]);
        expect((await store.versionDeltas(recordId(1), 4, 3)).map((d) => d.version)).toEqual([3, 4]);
        expect((await store.versionDeltas(recordId(1), 4, 2)).map((d) => d.version)).toEqual([1, 2, 3, 4]);
        expect(await store.versionDeltas(recordId(1), 0)).toEqual([]);
      });

      it('keeps a snapshot once the changes since the last whole graph pass its size, so a past version is rebuilt from a few versions', async () => {
        // Version 1 adds 3 lines; each later write changes the title: 2 lines of 3.
        for (let v = 1; v <= 9; v++) await store.writeRecords([write(1, { title: `v${v}` })]);
        // Whole graphs: 1 (the add), then every change that brings the lines changed since the last past 3 (3, 5, 7, 9).
        expect((await store.versionDeltas(recordId(1), 9)).map((d) => d.version)).toEqual([9]);
        expect((await store.versionDeltas(recordId(1), 8)).map((d) => d.version)).toEqual([7, 8]);
        expect((await store.versionDeltas(recordId(1), 9, 6)).map((d) => d.version)).toEqual([5, 6, 7, 8, 9]);
        const fromStart = await store.versionDeltas(recordId(1), 9, 2);
        expect(fromStart.map((d) => d.version)).toEqual([1, 2, 3, 4, 5, 6, 7, 8, 9]);
        const replay = new VersionReplay(fromStart);
        for (let v = 2; v <= 9; v++) expect(replay.graphAt(v)).toBe(datasetGraph(1, `v${v}`));
        for (let v = 1; v <= 9; v++) expect(await store.versionGraph(recordId(1), v)).toBe(datasetGraph(1, `v${v}`));
        // The change log keeps every version's delta, snapshot or not.
        const log = (await store.versionsSince(0, 100)).filter((d) => d.recordId === recordId(1));
        expect(log.map((d) => [d.version, d.added, d.removed, d.base])).toEqual([[1, 3, 0, false], ...[2, 3, 4, 5, 6, 7, 8, 9].map((v) => [v, 1, 1, false])]);
        expect(log.slice(1).every((d) => d.addedTriples.split('\n').length === 2 && d.removedTriples.split('\n').length === 2)).toBe(true);
      });

      it('keeps each version of a record one batch writes twice, and the first after later writes change its graph', async () => {
        await store.writeRecords([write(1), write(1, { title: 'later' })]);
        await store.writeRecords([write(2)]);
        await store.writeRecords([write(2, { status: 'quarantined', title: 'broken' })]);
        await store.writeRecords([write(2, { title: 'fixed' })]);
        expect(await store.versionGraph(recordId(1), 1)).toBe(datasetGraph(1));
        expect(await store.versionGraph(recordId(1), 2)).toBe(datasetGraph(1, 'later'));
        expect(await store.versionGraph(recordId(2), 1)).toBe(datasetGraph(2));
        expect(await store.versionGraph(recordId(2), 3)).toBe(datasetGraph(2, 'fixed'));
        expect((await store.versionsSince(0, 10)).filter((v) => v.recordId === recordId(2)).map((v) => v.addedTriples)).toEqual([datasetGraph(2), '', datasetGraph(2, 'fixed')]);
      });

      it('makes no version for a write that leaves the public graph as it was, nor for a record never public', async () => {
        await store.writeRecords([write(1), write(2, { status: 'quarantined' })]);
        await store.writeRecords([write(1, { hash: 'another-hash-same-graph' }), write(2, { status: 'quarantined', title: 'still bad' })]);
        expect((await store.recordVersions(recordId(1))).map((v) => v.op)).toEqual(['add']);
        expect(await store.recordVersions(recordId(2))).toEqual([]);
      });

      it('counts quarantine of a public record as its removal, and publication after it as an addition', async () => {
        await store.writeRecords([write(1)]);
        await store.writeRecords([write(1, { status: 'quarantined', title: 'broken' })]);
        await store.writeRecords([write(1, { title: 'fixed' })]);
        expect((await store.recordVersions(recordId(1))).map((v) => v.op)).toEqual(['add', 'remove', 'add']);
        expect(await store.versionGraph(recordId(1), 3)).toBe(datasetGraph(1, 'fixed'));
      });

      it('logs versions in order with non-decreasing times, read from a cursor with their triples', async () => {
        await store.writeRecords([write(1, { modified: '2025-05-01T00:00:00.000Z' })]);
        // A clock behind the log's last entry does not make the log go back in time.
        await store.writeRecords([write(2, { modified: '2025-04-01T00:00:00.000Z' })]);
        await store.saveSource(source('a'));
        await store.deleteSource('src-a');
        const log = await store.versionsSince(0, 100);
        expect(log.map((v) => [v.recordId, v.op])).toEqual([
          [recordId(1), 'add'],
          [recordId(2), 'add'],
          [recordId(1), 'remove'],
          [recordId(2), 'remove'],
        ]);
        expect(log[1]!.at).toBe('2025-05-01T00:00:00.000Z');
        expect(log.map((v) => v.at)).toEqual([...log.map((v) => v.at)].sort());
        expect(log[0]!.addedTriples).toBe(datasetGraph(1));
        expect(log[2]!.removedTriples).toBe(datasetGraph(1));
        expect(await store.versionsSince(log[1]!.seq, 1)).toEqual([log[2]]);
        expect(await store.versionBounds()).toEqual({ first: log[0]!.seq, last: log[3]!.seq });
      });

      it('prunes versions older than the retention, keeping each record replayable from a base version', async () => {
        await store.writeRecords([write(1, { modified: '2025-01-01T00:00:00.000Z' }), write(2, { modified: '2025-01-01T00:00:00.000Z' })]);
        await store.writeRecords([write(1, { title: 'b', modified: '2025-02-01T00:00:00.000Z' })]);
        await store.writeRecords([write(1, { title: 'c', modified: '2025-03-01T00:00:00.000Z' })]);
        await store.writeRecords([write(1, { title: 'd', modified: '2025-05-01T00:00:00.000Z' })]);

        expect(await store.pruneVersions('2025-04-01T00:00:00.000Z')).toBe(2);
        const versions = await store.recordVersions(recordId(1));
        expect(versions.map((v) => [v.version, v.added])).toEqual([
          [3, 3],
          [4, 1],
        ]);
        expect(await store.versionGraph(recordId(1), 2)).toBeUndefined();
        expect(await store.versionGraph(recordId(1), 3)).toBe(datasetGraph(1, 'c'));
        expect(await store.versionGraph(recordId(1), 4)).toBe(datasetGraph(1, 'd'));
        expect((await store.recordVersions(recordId(2))).map((v) => v.version)).toEqual([1]);
        expect(await store.pruneVersions('2025-04-01T00:00:00.000Z')).toBe(0);
      });
    });

    // Lease expiry is judged by the store's clock where several machines share the store (PostgreSQL ignores the
    // callers' `now`), by the caller's where they share one machine (SQLite): so every call passes the real time,
    // and an expiry is shown by letting a short lease run out (only a lower bound on waiting: load cannot fail it).
    const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));
    const SHORT = 300;
    const LONG = 600_000;

    describe('harvest leases', () => {
      it('gives a source to one holder at a time until it is released or expires', async () => {
        expect(await store.acquireLease('src-a', 'one', LONG, Date.now())).toBe(true);
        expect(await store.acquireLease('src-a', 'two', LONG, Date.now())).toBe(false);
        expect(await store.acquireLease('src-b', 'two', LONG, Date.now())).toBe(true);
        expect((await store.leasedSources(Date.now())).sort()).toEqual(['src-a', 'src-b']);
        await store.releaseLease('src-a', 'two'); // not its lease: nothing happens
        expect(await store.acquireLease('src-a', 'two', LONG, Date.now())).toBe(false);
        await store.releaseLease('src-a', 'one');
        expect(await store.acquireLease('src-a', 'two', SHORT, Date.now())).toBe(true);
        // Expired: another may take it, and the old holder can no longer renew it.
        await sleep(SHORT + 200);
        expect(await store.leasedSources(Date.now())).toEqual(['src-b']);
        expect(await store.acquireLease('src-a', 'three', LONG, Date.now())).toBe(true);
        expect(await store.renewLease('src-a', 'two', LONG, Date.now())).toBe(false);
        expect(await store.renewLease('src-a', 'three', LONG, Date.now())).toBe(true);
        expect(await store.acquireLease('src-a', 'two', LONG, Date.now())).toBe(false);
        // A renewal extends it: renewed right after a short start, it outlives the first expiry.
        expect(await store.acquireLease('src-c', 'one', SHORT, Date.now())).toBe(true);
        expect(await store.renewLease('src-c', 'one', LONG, Date.now())).toBe(true);
        await sleep(SHORT + 200);
        expect(await store.acquireLease('src-c', 'two', LONG, Date.now())).toBe(false);
        expect((await store.leasedSources(Date.now())).sort()).toEqual(['src-a', 'src-b', 'src-c']);
      });
    });

    describe("a harvest run's writes under its lease (fence)", () => {
      /** Registers source `a` and gives its lease to holder 'one' for `ttlMs`: the run's fence. */
      async function leasedSource(ttlMs: number): Promise<{ a: HarvestSource; one: { sourceId: string; holder: string } }> {
        const a = source('a');
        await store.saveSource(a);
        expect(await store.acquireLease(a.id, 'one', ttlMs, Date.now())).toBe(true);
        return { a, one: { sourceId: a.id, holder: 'one' } };
      }

      it('commits fenced writes while the holder has the lease, even past its expiry until another takes it', async () => {
        const { a, one: fence } = await leasedSource(SHORT);
        await store.writeRecords([write(1, { sourceId: a.id })], fence);
        await sleep(SHORT + 200);
        await store.writeRecords([write(2, { sourceId: a.id })], fence);
        await store.markRemoved([recordId(1)], '2025-02-01T00:00:00.000Z', undefined, fence);
        expect((await store.getRecord(recordId(1)))?.status).toBe('removed');
        expect((await store.getRecord(recordId(2)))?.status).toBe('published');
      });

      it('refuses a fenced write whole once another holder has the lease or it was released, and writes nothing of it', async () => {
        const { a, one } = await leasedSource(SHORT);
        await store.writeRecords([write(1, { sourceId: a.id })], one);
        await sleep(SHORT + 200);
        expect(await store.acquireLease(a.id, 'two', LONG, Date.now())).toBe(true);
        const seq = await store.latestChangeSeq();

        await expect(store.writeRecords([write(2, { sourceId: a.id }), write(3, { sourceId: a.id })], one)).rejects.toBeInstanceOf(HarvestLeaseLostError);
        await expect(store.markRemoved([recordId(1)], '2025-02-01T00:00:00.000Z', 'run-1', one)).rejects.toThrow(/lease of source src-a is held by another run/);
        expect(await store.getRecord(recordId(2))).toBeUndefined();
        expect(await store.getRecord(recordId(3))).toBeUndefined();
        expect((await store.getRecord(recordId(1)))?.status).toBe('published');
        expect(await store.latestChangeSeq()).toBe(seq);
        expect(await store.recordVersions(recordId(2))).toEqual([]);

        // The new holder writes; once it released the lease, its fenced writes are refused too. Unfenced writes are not checked.
        await store.writeRecords([write(2, { sourceId: a.id })], { sourceId: a.id, holder: 'two' });
        await store.releaseLease(a.id, 'two');
        await expect(store.writeRecords([write(3, { sourceId: a.id })], { sourceId: a.id, holder: 'two' })).rejects.toThrow(/lease of source src-a was released/);
        await store.writeRecords([write(4, { sourceId: a.id })]);
        expect((await store.getRecord(recordId(2)))?.status).toBe('published');
        expect(await store.getRecord(recordId(3))).toBeUndefined();
        expect((await store.getRecord(recordId(4)))?.status).toBe('published');
      });

      it('refuses a fenced write once its source was deleted, so no run brings its records back', async () => {
        const { a, one } = await leasedSource(LONG);
        await store.writeRecords([write(1, { sourceId: a.id })], one);
        await store.deleteSource(a.id);
        await expect(store.writeRecords([write(2, { sourceId: a.id })], one)).rejects.toThrow(/Source src-a was removed/);
        await expect(store.markRemoved([recordId(1)], '2025-02-01T00:00:00.000Z', undefined, one)).rejects.toBeInstanceOf(HarvestLeaseLostError);
        expect(await store.getRecord(recordId(2))).toBeUndefined();
        expect((await store.getRecord(recordId(1)))?.status).toBe('removed');
      });
    });

    describe('node leases', () => {

      it('gives a role to one holder at a time, extended by its holder, free when released or expired', async () => {
        expect(await store.nodeLeaseHolder('scheduler', Date.now())).toBeUndefined();
        expect(await store.acquireNodeLease('scheduler', 'one', SHORT, Date.now())).toBe(true);
        expect(await store.acquireNodeLease('scheduler', 'two', LONG, Date.now())).toBe(false);
        expect(await store.acquireNodeLease('other-role', 'two', LONG, Date.now())).toBe(true);
        expect((await store.nodeLeaseHolder('scheduler', Date.now()))?.holder).toBe('one');
        expect((await store.nodeLeaseHolder('scheduler', Date.now()))?.node).toMatch(/\S/);
        // Its holder extends it: past the first expiry it is still the holder's.
        expect(await store.acquireNodeLease('scheduler', 'one', LONG, Date.now())).toBe(true);
        await sleep(SHORT + 200);
        expect(await store.acquireNodeLease('scheduler', 'two', LONG, Date.now())).toBe(false);
        await store.releaseNodeLease('scheduler', 'two'); // not its lease: nothing happens
        expect((await store.nodeLeaseHolder('scheduler', Date.now()))?.holder).toBe('one');
        // Expired (its last extension was a short one, not extended again): another takes it.
        expect(await store.acquireNodeLease('scheduler', 'one', SHORT, Date.now())).toBe(true);
        await sleep(SHORT + 200);
        expect(await store.nodeLeaseHolder('scheduler', Date.now())).toBeUndefined();
        expect(await store.acquireNodeLease('scheduler', 'two', LONG, Date.now())).toBe(true);
        expect(await store.acquireNodeLease('scheduler', 'one', LONG, Date.now())).toBe(false);
        await store.releaseNodeLease('scheduler', 'two');
        expect(await store.nodeLeaseHolder('scheduler', Date.now())).toBeUndefined();
        expect(await store.acquireNodeLease('scheduler', 'one', LONG, Date.now())).toBe(true);
      });
    });

    describe('access: API tokens, the audit log, the organisation cache', () => {
      const token = (id: string, overrides: Partial<ApiToken> = {}): ApiToken => ({
        id,
        role: 'org-admin',
        organisation: '974760673',
        hash: createHash('sha256').update(`secret-${id}`).digest('hex'),
        createdAt: `2025-02-0${id.length}T00:00:00.000Z`,
        createdBy: 'admin-token',
        ...overrides,
      });

      it('keeps tokens by id and by hash, and lists them oldest first', async () => {
        const a = token('a', { name: 'harvest robot', expiresAt: '2030-01-01T00:00:00.000Z' });
        const { organisation: _none, ...b } = token('bb', { role: 'admin' });
        await store.saveToken(b);
        await store.saveToken(a);
        expect(await store.getToken('a')).toEqual(a);
        expect(await store.getTokenByHash(b.hash)).toEqual(b);
        expect(await store.getTokenByHash('0'.repeat(64))).toBeUndefined();
        expect((await store.listTokens()).map((t) => t.id)).toEqual(['a', 'bb']);
      });

      it('revokes a token once, keeping the first date, and records its last use', async () => {
        await store.saveToken(token('a'));
        await store.touchToken('a', '2025-03-01T10:00:00.000Z');
        expect((await store.getToken('a'))?.lastUsedAt).toBe('2025-03-01T10:00:00.000Z');
        expect((await store.revokeToken('a', '2025-03-02T00:00:00.000Z'))?.revokedAt).toBe('2025-03-02T00:00:00.000Z');
        expect((await store.revokeToken('a', '2025-04-01T00:00:00.000Z'))?.revokedAt).toBe('2025-03-02T00:00:00.000Z');
        expect((await store.getToken('a'))).toMatchObject({ revokedAt: '2025-03-02T00:00:00.000Z', lastUsedAt: '2025-03-01T10:00:00.000Z' });
        expect(await store.revokeToken('nope', '2025-03-02T00:00:00.000Z')).toBeUndefined();
      });

      it('appends audit entries with increasing numbers and pages back newest first', async () => {
        const written = [];
        for (let i = 0; i < 5; i++) {
          written.push(await store.appendAudit({ at: `2025-03-01T10:00:0${i}.000Z`, actor: `token:${i}`, action: `DELETE /api/sources/${i}`, status: i % 2 === 0 ? 204 : 403, outcome: i % 2 === 0 ? 'succeeded' : 'refused' }));
        }
        expect(written.map((e) => e.seq)).toEqual([...written.map((e) => e.seq)].sort((x, y) => x - y));
        const newest = await store.listAudit({ limit: 2 });
        expect(newest.map((e) => e.actor)).toEqual(['token:4', 'token:3']);
        const older = await store.listAudit({ limit: 10, beforeSeq: newest[1]!.seq });
        expect(older.map((e) => e.actor)).toEqual(['token:2', 'token:1', 'token:0']);
        expect(older[0]).toEqual(written[2]);
      });

      it("caches the organisation register's answers, replacing an older one", async () => {
        expect(await store.getCachedOrganisation('974760673')).toBeUndefined();
        await store.cacheOrganisation('974760673', '{"navn":"A"}', '2025-01-01T00:00:00.000Z');
        await store.cacheOrganisation('974760673', '{"navn":"B"}', '2025-02-01T00:00:00.000Z');
        expect(await store.getCachedOrganisation('974760673')).toEqual({ data: '{"navn":"B"}', fetchedAt: '2025-02-01T00:00:00.000Z' });
      });

      it("keeps the URL checker's latest result per URL and reads back only the URLs asked for", async () => {
        const a = 'https://data.example.no/a.csv';
        const b = 'https://data.example.no/b?x=1&y=æ';
        expect(await store.getUrlChecks([a, b])).toEqual(new Map());
        await store.saveUrlChecks([
          { url: a, status: 503, mediaType: null, error: null, checkedAt: '2025-01-01T00:00:00.000Z' },
          { url: b, status: 0, mediaType: null, error: 'connection refused', checkedAt: '2025-01-01T00:00:01.000Z' },
        ]);
        await store.saveUrlChecks([
          { url: a, status: 404, mediaType: 'text/html', error: null, checkedAt: '2025-01-02T00:00:00.000Z' },
          { url: a, status: 200, mediaType: 'text/csv', error: null, checkedAt: '2025-01-03T00:00:00.000Z' },
        ]);
        const checks = await store.getUrlChecks([a, b, 'https://data.example.no/never-checked']);
        expect([...checks.keys()].sort()).toEqual([a, b]);
        expect(checks.get(a)).toEqual({ url: a, status: 200, mediaType: 'text/csv', error: null, checkedAt: '2025-01-03T00:00:00.000Z' });
        expect(checks.get(b)).toEqual({ url: b, status: 0, mediaType: null, error: 'connection refused', checkedAt: '2025-01-01T00:00:01.000Z' });
        expect(await store.getUrlChecks([])).toEqual(new Map());
      });
    });
  });
}

// --- fixtures ---

function source(key: string, overrides: Partial<HarvestSource> = {}): HarvestSource {
  return {
    id: `src-${key}`,
    url: `https://${key}.example.no/catalog.ttl`,
    kind: 'dcat-ap-no',
    publisher: '974760673',
    quarantineInvalid: false,
    createdAt: `2025-01-01T00:00:0${key.charCodeAt(0) % 10}.000Z`,
    ...overrides,
  };
}

function sortById<T extends { id: string }>(xs: T[]): T[] {
  return [...xs].sort((a, b) => a.id.localeCompare(b.id));
}

export function iriOf(i: number): string {
  return `https://data.example.no/dataset/${i}`;
}

export function recordId(i: number): string {
  return uuidV3(iriOf(i));
}

/** Canonical N-Triples of a small dataset graph. */
export function datasetGraph(i: number, title = 'original'): string {
  const s = `<${iriOf(i)}>`;
  const lines = [
    `${s} <http://purl.org/dc/terms/title> "Datasett ${i} (${title})"@nb .`,
    `${s} <http://purl.org/dc/terms/identifier> "${i}" .`,
    `${s} <http://www.w3.org/1999/02/22-rdf-syntax-ns#type> <http://www.w3.org/ns/dcat#Dataset> .`,
  ];
  return lines.sort().join('\n') + '\n';
}

function report(conforms: boolean): ValidationReport {
  return conforms
    ? { profile: 'dcat-ap-no-2', conforms: true, counts: { violation: 0, warning: 0, info: 0 }, results: [] }
    : {
        profile: 'dcat-ap-no-2',
        conforms: false,
        counts: { violation: 1, warning: 0, info: 0 },
        results: [
          {
            severity: 'violation',
            focusNode: 'https://data.example.no/dataset/1',
            path: 'http://purl.org/dc/terms/publisher',
            message: { nb: 'Datasettet mangler utgiver.', en: 'The dataset has no publisher.' },
            constraint: 'http://www.w3.org/ns/shacl#MinCountConstraintComponent',
          },
        ],
      };
}

export function write(i: number, overrides: Partial<RecordWrite> & { title?: string } = {}): RecordWrite {
  const { title, ...rest } = overrides;
  const graph = datasetGraph(i, title);
  return {
    id: recordId(i),
    iri: iriOf(i),
    kind: 'dataset',
    sourceId: 'src-a',
    catalogId: uuidV3('https://data.example.no/catalog'),
    hash: graphHash(graph),
    status: 'published',
    issued: '2025-01-01T00:00:00.000Z',
    modified: '2025-01-01T00:00:00.000Z',
    graph,
    validation: report(true),
    ...rest,
  };
}

function stateOf(w: RecordWrite): Omit<StoredRecord, 'graph' | 'validation' | 'removedAt'> {
  const { graph: _g, validation: _v, ...state } = w;
  return state;
}

async function ids(pages: AsyncIterable<StoredRecord[]>): Promise<string[]> {
  const out: string[] = [];
  for await (const page of pages) out.push(...page.map((r) => r.id));
  return out;
}
