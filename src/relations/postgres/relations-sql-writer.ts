import type pg from 'pg';
import type { StoredRecord } from '../../core/catalog-record.js';
import { TimeSlices } from '../../core/time-slices.js';
import { recordGraphOf } from '../../rdf/record-graph.js';
import { extractRelations, type RecordRelations } from '../relation-extraction.js';
import { withoutNul } from '../../postgres/text.js';


const edgeKey = (from: string, type: string, to: string, role: string): string => `${from}\u0000${type}\u0000${to}\u0000${role}`;

/** What one record states before or after a write: its edges (edgeKey) and the IRIs it answers for. */
interface State {
  readonly edges: readonly string[];
  readonly ends: readonly string[];
}

const NOTHING: State = { edges: [], ends: [] };

/**
 * Writes what records state into the relations tables on one connection inside the caller's
 * transaction, a whole batch in a handful of set-based statements (one round trip per statement, not
 * per record: the index is written beside the harvest of a million records). The rules are the
 * embedded writer's (src/relations/sqlite/relations-writer.ts): a published record replaces its ends
 * and edges; a removed one keeps its ends and states nothing; a quarantined one leaves the index; every
 * other record whose relations the batch alters is marked pending for the search index.
 *
 * Marking after the whole batch is written finds the same records as the embedded writer's record by
 * record: a record outside the batch holds the same ends and edges before and after it.
 */
export class RelationsSqlWriter {
  readonly #slices = new TimeSlices();

  /**
   * Applies the current rows of records (the last row of an id wins); `fresh` into empty tables (a
   * rebuild): no deletes and no pending marks. Reading the graphs is done a slice at a time, with a
   * turn of the event loop between slices.
   */
  async write(client: pg.ClientBase, input: readonly StoredRecord[], fresh: boolean): Promise<void> {
    const records = [...new Map(input.map((r) => [r.id, r])).values()];
    const extracted: (RecordRelations | null)[] = [];
    await this.#slices.run(records, (slice) => {
      for (const r of slice) extracted.push(r.status === 'quarantined' ? null : extractRelations(recordGraphOf(r), r.iri, r.kind));
    });
    const ids = records.map((r) => r.id);
    const before = fresh ? undefined : await statesOf(client, ids);
    if (!fresh) {
      await client.query('DELETE FROM relation_edges WHERE owner = ANY($1::text[])', [ids]);
      await client.query('DELETE FROM relation_ends WHERE record_id = ANY($1::text[])', [ids]);
      const dropped = records.filter((_, i) => extracted[i] === null).map((r) => r.id);
      if (dropped.length > 0) await client.query('DELETE FROM relation_records WHERE id = ANY($1::text[])', [dropped]);
    }
    const rec = { id: [] as string[], iri: [] as string[], kind: [] as string[], status: [] as string[], titles: [] as string[] };
    const end = { iri: [] as string[], record: [] as string[], part: [] as boolean[], titles: [] as string[] };
    const edge = { owner: [] as string[], from: [] as string[], type: [] as string[], to: [] as string[], role: [] as string[] };
    const after = new Map<string, State>();
    records.forEach((record, i) => {
      const relations = extracted[i]!;
      if (relations === null) {
        after.set(record.id, NOTHING);
        return;
      }
      rec.id.push(record.id);
      rec.iri.push(withoutNul(record.iri));
      rec.kind.push(record.kind);
      rec.status.push(record.status === 'removed' ? 'removed' : 'published');
      rec.titles.push(JSON.stringify(relations.ends[0]?.titles ?? {}));
      // One row per IRI of a record, the last one stated winning (the embedded index's INSERT OR REPLACE).
      const ends = new Map(relations.ends.map((e) => [withoutNul(e.iri), e]));
      for (const [iri, e] of ends) {
        end.iri.push(iri);
        end.record.push(record.id);
        end.part.push(e.part);
        end.titles.push(JSON.stringify(e.titles));
      }
      const edges = record.status === 'removed' ? [] : relations.edges;
      const keys: string[] = [];
      for (const e of edges) {
        const [from, to, role] = [withoutNul(e.from), withoutNul(e.to), withoutNul(e.role)];
        edge.owner.push(record.id);
        edge.from.push(from);
        edge.type.push(e.type);
        edge.to.push(to);
        edge.role.push(role);
        keys.push(edgeKey(from, e.type, to, role));
      }
      after.set(record.id, { edges: keys, ends: [...ends.keys()] });
    });
    if (rec.id.length > 0) {
      await client.query(
        `INSERT INTO relation_records (id, iri, kind, status, titles)
         SELECT * FROM unnest($1::text[], $2::text[], $3::text[], $4::text[], $5::text[])
         ON CONFLICT (id) DO UPDATE SET iri = excluded.iri, kind = excluded.kind, status = excluded.status, titles = excluded.titles`,
        [rec.id, rec.iri, rec.kind, rec.status, rec.titles],
      );
    }
    if (end.iri.length > 0) {
      await client.query('INSERT INTO relation_ends (iri, record_id, part, titles) SELECT * FROM unnest($1::text[], $2::text[], $3::boolean[], $4::text[])', [end.iri, end.record, end.part, end.titles]);
    }
    if (edge.owner.length > 0) {
      await client.query(
        'INSERT INTO relation_edges (owner, from_iri, type, to_iri, role) SELECT * FROM unnest($1::text[], $2::text[], $3::text[], $4::text[], $5::text[])',
        [edge.owner, edge.from, edge.type, edge.to, edge.role],
      );
    }
    if (before !== undefined) await markNeighbours(client, before, after, new Set(ids));
  }

  /** Takes records gone from the store out, marking the records whose relations that alters. */
  async forget(client: pg.ClientBase, ids: readonly string[]): Promise<void> {
    const unique = [...new Set(ids)];
    const before = await statesOf(client, unique);
    await client.query('DELETE FROM relation_edges WHERE owner = ANY($1::text[])', [unique]);
    await client.query('DELETE FROM relation_ends WHERE record_id = ANY($1::text[])', [unique]);
    await client.query('DELETE FROM relation_records WHERE id = ANY($1::text[])', [unique]);
    await markNeighbours(client, before, new Map(unique.map((id) => [id, NOTHING])), new Set(unique));
  }
}

/** What each of the records states now. */
async function statesOf(client: pg.ClientBase, ids: readonly string[]): Promise<Map<string, State>> {
  const states = new Map<string, { edges: string[]; ends: string[] }>(ids.map((id) => [id, { edges: [], ends: [] }]));
  const edges = await client.query<{ owner: string; from_iri: string; type: string; to_iri: string; role: string }>(
    'SELECT owner, from_iri, type, to_iri, role FROM relation_edges WHERE owner = ANY($1::text[])',
    [ids],
  );
  for (const r of edges.rows) states.get(r.owner)!.edges.push(edgeKey(r.from_iri, r.type, r.to_iri, r.role));
  const ends = await client.query<{ record_id: string; iri: string }>('SELECT record_id, iri FROM relation_ends WHERE record_id = ANY($1::text[])', [ids]);
  for (const r of ends.rows) states.get(r.record_id)!.ends.push(r.iri);
  return states;
}

/**
 * Marks pending the other records whose relations differ now: the holders of both ends of every edge
 * added or dropped, and the owners of edges at every end that appeared or went. Records of the batch
 * (`changed`) are left out: they are re-read anyway.
 */
async function markNeighbours(client: pg.ClientBase, before: ReadonlyMap<string, State>, after: ReadonlyMap<string, State>, changed: ReadonlySet<string>): Promise<void> {
  const edgeIris = new Set<string>();
  const endIris = new Set<string>();
  for (const [id, old] of before) {
    const now = after.get(id) ?? NOTHING;
    const oldEdges = new Set(old.edges);
    const newEdges = new Set(now.edges);
    for (const key of [...old.edges.filter((k) => !newEdges.has(k)), ...now.edges.filter((k) => !oldEdges.has(k))]) {
      const [from, , to] = key.split('\u0000');
      edgeIris.add(from!).add(to!);
    }
    const oldEnds = new Set(old.ends);
    const newEnds = new Set(now.ends);
    for (const iri of [...old.ends.filter((e) => !newEnds.has(e)), ...now.ends.filter((e) => !oldEnds.has(e))]) endIris.add(iri);
  }
  if (edgeIris.size === 0 && endIris.size === 0) return;
  const { rows } = await client.query<{ id: string }>(
    `SELECT record_id AS id FROM relation_ends WHERE iri = ANY($1::text[])
     UNION SELECT owner FROM relation_edges WHERE from_iri = ANY($2::text[])
     UNION SELECT owner FROM relation_edges WHERE to_iri = ANY($2::text[])`,
    [[...edgeIris], [...endIris]],
  );
  const touched = rows.map((r) => r.id).filter((id) => !changed.has(id)).sort();
  if (touched.length > 0) await client.query('INSERT INTO relation_pending (record_id) SELECT unnest($1::text[]) ON CONFLICT (record_id) DO NOTHING', [touched]);
}
