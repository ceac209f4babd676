import type { Database, Statement } from 'better-sqlite3';
import type { StoredRecord } from '../../core/catalog-record.js';
import { recordGraphOf } from '../../rdf/record-graph.js';
import { extractRelations, type RecordRelations } from '../relation-extraction.js';

interface EdgeRow {
  readonly from_iri: string;
  readonly type: string;
  readonly to_iri: string;
  readonly role: string;
}

const edgeKey = (e: { from: string; type: string; to: string; role: string }): string => `${e.from}\u0000${e.type}\u0000${e.to}\u0000${e.role}`;

/**
 * Writes what records state into the relations tables, one transaction per batch. A published record
 * replaces its ends and edges; a removed one keeps its ends (links to it then show it as removed) and
 * states nothing; a quarantined one leaves the index. Every other record whose relations the change
 * alters — one at the far end of an edge added or dropped, one holding an edge to an end that appeared
 * or went — is marked pending (`rel_pending`) for the search index, in the same transaction.
 */
export class RelationsWriter {
  readonly #deleteEdges: Statement;
  readonly #deleteEnds: Statement;
  readonly #deleteRecord: Statement;
  readonly #insertEnd: Statement;
  readonly #insertEdge: Statement;
  readonly #upsertRecord: Statement;
  readonly #edgesOf: Statement;
  readonly #endsOf: Statement;
  readonly #holdersOf: Statement;
  readonly #ownersAt: Statement;
  readonly #markPending: Statement;

  constructor(private readonly db: Database) {
    this.#deleteEdges = db.prepare('DELETE FROM rel_edge WHERE owner = ?');
    this.#deleteEnds = db.prepare('DELETE FROM rel_end WHERE record_id = ?');
    this.#deleteRecord = db.prepare('DELETE FROM rel_record WHERE id = ?');
    this.#insertEnd = db.prepare('INSERT OR REPLACE INTO rel_end (iri, record_id, part, titles) VALUES (?, ?, ?, ?)');
    this.#insertEdge = db.prepare('INSERT INTO rel_edge (owner, from_iri, type, to_iri, role) VALUES (?, ?, ?, ?, ?)');
    this.#upsertRecord = db.prepare('INSERT OR REPLACE INTO rel_record (id, iri, kind, status, titles) VALUES (?, ?, ?, ?, ?)');
    this.#edgesOf = db.prepare('SELECT from_iri, type, to_iri, role FROM rel_edge WHERE owner = ?');
    this.#endsOf = db.prepare('SELECT iri FROM rel_end WHERE record_id = ?').pluck();
    this.#holdersOf = db.prepare('SELECT record_id FROM rel_end WHERE iri = ?').pluck();
    this.#ownersAt = db.prepare('SELECT owner FROM rel_edge WHERE from_iri = ? UNION SELECT owner FROM rel_edge WHERE to_iri = ?').pluck();
    this.#markPending = db.prepare('INSERT OR IGNORE INTO rel_pending (record_id) VALUES (?)');
  }

  /**
   * Applies the current rows of records; `fresh` skips the deletes and pending marks (a rebuild into
   * empty tables). `changed`: the ids of the whole batch these records are a slice of (none of them is
   * marked pending, since each is written anyway); by default, these records' own.
   */
  write(records: readonly StoredRecord[], fresh = false, changed: ReadonlySet<string> = new Set(records.map((r) => r.id))): void {
    const extracted = records.map((r) => (r.status === 'quarantined' ? null : extractRelations(recordGraphOf(r), r.iri, r.kind)));
    this.db.transaction(() => {
      records.forEach((record, i) => this.#writeOne(record, extracted[i]!, fresh, changed));
    })();
  }

  forget(ids: readonly string[]): void {
    this.db.transaction(() => {
      const changed = new Set(ids);
      for (const id of ids) {
        const before = this.#stateOf(id);
        this.#deleteEdges.run(id);
        this.#deleteEnds.run(id);
        this.#deleteRecord.run(id);
        this.#markNeighbours(id, before, { edges: [], ends: [] }, changed);
      }
    })();
  }

  clear(): void {
    this.db.exec('DELETE FROM rel_edge; DELETE FROM rel_end; DELETE FROM rel_record; DELETE FROM rel_pending;');
  }

  #writeOne(record: StoredRecord, relations: RecordRelations | null, fresh: boolean, changed: ReadonlySet<string>): void {
    const before = fresh ? null : this.#stateOf(record.id);
    if (!fresh) {
      this.#deleteEdges.run(record.id);
      this.#deleteEnds.run(record.id);
    }
    if (relations === null) {
      if (!fresh) this.#deleteRecord.run(record.id);
      if (before !== null) this.#markNeighbours(record.id, before, { edges: [], ends: [] }, changed);
      return;
    }
    const [resource] = relations.ends;
    this.#upsertRecord.run(record.id, record.iri, record.kind, record.status === 'removed' ? 'removed' : 'published', JSON.stringify(resource?.titles ?? {}));
    for (const end of relations.ends) this.#insertEnd.run(end.iri, record.id, end.part ? 1 : 0, JSON.stringify(end.titles));
    const edges = record.status === 'removed' ? [] : relations.edges;
    for (const e of edges) this.#insertEdge.run(record.id, e.from, e.type, e.to, e.role);
    if (before !== null) this.#markNeighbours(record.id, before, { edges: edges.map(edgeKey), ends: relations.ends.map((e) => e.iri) }, changed);
  }

  #stateOf(id: string): { edges: string[]; ends: string[] } {
    const edges = (this.#edgesOf.all(id) as EdgeRow[]).map((r) => edgeKey({ from: r.from_iri, type: r.type, to: r.to_iri, role: r.role }));
    return { edges, ends: this.#endsOf.all(id) as string[] };
  }

  /**
   * Marks pending the other records whose relations differ now: the holders of both ends of every edge
   * added or dropped, and the owners of edges at every end that appeared or went (their far end changed
   * from external to a record, or back). Records changed in the same batch are left out (they are re-read anyway).
   */
  #markNeighbours(id: string, before: { edges: string[]; ends: string[] }, after: { edges: string[]; ends: string[] }, changed: ReadonlySet<string>): void {
    const touched = new Set<string>();
    const oldEdges = new Set(before.edges);
    const newEdges = new Set(after.edges);
    for (const key of [...before.edges.filter((k) => !newEdges.has(k)), ...after.edges.filter((k) => !oldEdges.has(k))]) {
      const [from, , to] = key.split('\u0000');
      for (const iri of [from!, to!]) for (const holder of this.#holdersOf.all(iri) as string[]) touched.add(holder);
    }
    const oldEnds = new Set(before.ends);
    const newEnds = new Set(after.ends);
    for (const iri of [...before.ends.filter((e) => !newEnds.has(e)), ...after.ends.filter((e) => !oldEnds.has(e))]) {
      for (const owner of this.#ownersAt.all(iri, iri) as string[]) touched.add(owner);
    }
    for (const other of touched) if (other !== id && !changed.has(other)) this.#markPending.run(other);
  }
}
