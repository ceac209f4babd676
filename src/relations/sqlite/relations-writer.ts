import type { Database, Statement } from 'better-sqlite3';
import type { StoredRecord } from '../../core/catalog-record.js';
import { parseRecordGraph } from '../../rdf/record-graph.js';
import { extractRelations, type RecordRelations } from '../relation-extraction.js';

/**
 * Writes what records state into the relations tables, one transaction per batch. A published record
 * replaces its ends and edges; a removed one keeps its ends (links to it then show it as removed) and
 * states nothing; a quarantined one leaves the index.
 */
export class RelationsWriter {
  readonly #deleteEdges: Statement;
  readonly #deleteEnds: Statement;
  readonly #deleteRecord: Statement;
  readonly #insertEnd: Statement;
  readonly #insertEdge: Statement;
  readonly #upsertRecord: Statement;

  constructor(private readonly db: Database) {
    this.#deleteEdges = db.prepare('DELETE FROM rel_edge WHERE owner = ?');
    this.#deleteEnds = db.prepare('DELETE FROM rel_end WHERE record_id = ?');
    this.#deleteRecord = db.prepare('DELETE FROM rel_record WHERE id = ?');
    this.#insertEnd = db.prepare('INSERT OR REPLACE INTO rel_end (iri, record_id, part, titles) VALUES (?, ?, ?, ?)');
    this.#insertEdge = db.prepare('INSERT INTO rel_edge (owner, from_iri, type, to_iri, role) VALUES (?, ?, ?, ?, ?)');
    this.#upsertRecord = db.prepare('INSERT OR REPLACE INTO rel_record (id, iri, kind, status, titles) VALUES (?, ?, ?, ?, ?)');
  }

  /** Applies the current rows of records; `fresh` skips the deletes (a rebuild into empty tables). */
  write(records: readonly StoredRecord[], fresh = false): void {
    const extracted = records.map((r) => (r.status === 'quarantined' ? null : extractRelations(parseRecordGraph(r.graph), r.iri)));
    this.db.transaction(() => {
      records.forEach((record, i) => this.#writeOne(record, extracted[i]!, fresh));
    })();
  }

  forget(ids: readonly string[]): void {
    this.db.transaction(() => {
      for (const id of ids) {
        this.#deleteEdges.run(id);
        this.#deleteEnds.run(id);
        this.#deleteRecord.run(id);
      }
    })();
  }

  clear(): void {
    this.db.exec('DELETE FROM rel_edge; DELETE FROM rel_end; DELETE FROM rel_record;');
  }

  #writeOne(record: StoredRecord, relations: RecordRelations | null, fresh: boolean): void {
    if (!fresh) {
      this.#deleteEdges.run(record.id);
      this.#deleteEnds.run(record.id);
    }
    if (relations === null) {
      if (!fresh) this.#deleteRecord.run(record.id);
      return;
    }
    const [resource] = relations.ends;
    this.#upsertRecord.run(record.id, record.iri, record.kind, record.status === 'removed' ? 'removed' : 'published', JSON.stringify(resource?.titles ?? {}));
    for (const end of relations.ends) this.#insertEnd.run(end.iri, record.id, end.part ? 1 : 0, JSON.stringify(end.titles));
    if (record.status === 'removed') return;
    for (const e of relations.edges) this.#insertEdge.run(record.id, e.from, e.type, e.to, e.role);
  }
}
