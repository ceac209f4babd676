import { DataFactory } from 'n3';
import { describe, expect, it } from 'vitest';
import type { RecordState } from '../../src/core/catalog-record.js';
import type { HarvestedRecord } from '../../src/core/ports/harvester.js';
import { decide } from '../../src/harvest/change-detector.js';
import { DCAT, DCT, RDF } from '../../src/rdf/namespaces.js';
import { uuidV3 } from '../../src/rdf/uuid-v3.js';

const { namedNode, literal, quad } = DataFactory;
const iri = 'https://data.example.no/datasets/1';

function record(title: string, catalogIri: string | null = 'https://data.example.no/catalog'): HarvestedRecord {
  return {
    iri,
    kind: 'dataset',
    catalogIri,
    quads: [quad(namedNode(iri), namedNode(RDF.type), namedNode(DCAT.Dataset)), quad(namedNode(iri), namedNode(DCT.title), literal(title, 'nb'))],
  };
}

function stateFrom(r: HarvestedRecord, over: Partial<RecordState> = {}): RecordState {
  const d = decide(r, 'source-a', undefined);
  if (d.action !== 'write') throw new Error('expected write');
  return { id: d.id, iri, kind: 'dataset', sourceId: 'source-a', catalogId: d.catalogId, hash: d.hash, status: 'published', issued: '2026-01-01T00:00:00.000Z', modified: '2026-01-01T00:00:00.000Z', removedAt: null, ...over };
}

describe('deciding what to do with a harvested record', () => {
  it('adds a record never seen, with the id data.norge.no would give it', () => {
    const d = decide(record('Luftkvalitet'), 'source-a', undefined);
    expect(d).toMatchObject({ action: 'write', change: 'added', id: uuidV3(iri), issued: undefined });
  });

  it('leaves an identical record alone, whatever the triple order', () => {
    const r = record('Luftkvalitet');
    const reversed: HarvestedRecord = { ...r, quads: [...r.quads].reverse() };
    expect(decide(reversed, 'source-a', stateFrom(r)).action).toBe('unchanged');
  });

  it('rewrites a changed record and keeps its first-harvest date', () => {
    const d = decide(record('Luftkvalitet i byer'), 'source-a', stateFrom(record('Luftkvalitet')));
    expect(d).toMatchObject({ action: 'write', change: 'changed', issued: '2026-01-01T00:00:00.000Z' });
  });

  it('rewrites a record that moved to another catalog even when its graph is the same', () => {
    const d = decide(record('Luftkvalitet', 'https://data.example.no/other-catalog'), 'source-a', stateFrom(record('Luftkvalitet')));
    expect(d).toMatchObject({ action: 'write', change: 'changed' });
  });

  it('brings back a removed record as added, with its old id and first-harvest date', () => {
    const r = record('Luftkvalitet');
    const d = decide(r, 'source-a', stateFrom(r, { status: 'removed', removedAt: '2026-02-01T00:00:00.000Z' }));
    expect(d).toMatchObject({ action: 'write', change: 'added', id: uuidV3(iri), issued: '2026-01-01T00:00:00.000Z' });
  });

  it('reports a conflict when another source owns the IRI, never merges', () => {
    const r = record('Luftkvalitet');
    expect(decide(r, 'source-b', stateFrom(r))).toMatchObject({ action: 'conflict', ownerSourceId: 'source-a' });
  });

  it('lets another source take over a resource its owner has removed', () => {
    const r = record('Luftkvalitet');
    expect(decide(r, 'source-b', stateFrom(r, { status: 'removed' }))).toMatchObject({ action: 'write', change: 'added' });
  });
});
