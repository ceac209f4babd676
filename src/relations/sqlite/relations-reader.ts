import type { Database, Statement } from 'better-sqlite3';
import type { RelationCount, RelationEndKind, RelationEntry, RelationsAnswer, RelationsQuery, RelationSummary } from '../../core/ports/relations-index.js';
import { compareText, type Direction, DIRECTION_COLUMNS, type OtherEnd, relationEntry, type RelationRow, sortedTotals } from '../relation-rows.js';


/** The kind of the record holding an IRI (its resource before its parts), or 'external'. */
const KIND_OF_OTHER_END = `COALESCE((SELECT r.kind FROM rel_end oe JOIN rel_record r ON r.id = oe.record_id WHERE oe.iri = rel.o ORDER BY oe.part, oe.record_id LIMIT 1), 'external')`;

/**
 * Reads relations of one record. The relations of a record are the distinct edges leaving (outgoing)
 * or reaching (incoming) any IRI it answers for; every count and page is one indexed SQL query.
 */
export class RelationsReader {
  readonly #endOf: Statement;
  readonly #ownEnd: Statement;
  readonly #statements = new Map<string, Statement>();
  private readonly db: Database;

  constructor(db: Database) {
    this.db = db;
    this.#endOf = db.prepare(
      `SELECT e.part, e.titles AS end_titles, r.id, r.kind, r.status, r.titles AS record_titles
       FROM rel_end e JOIN rel_record r ON r.id = e.record_id WHERE e.iri = ? ORDER BY e.part, e.record_id LIMIT 1`,
    );
    this.#ownEnd = db.prepare('SELECT part, titles FROM rel_end WHERE iri = ? AND record_id = ?');
  }

  relations(query: RelationsQuery): RelationsAnswer {
    const types = query.types !== undefined && query.types.length > 0 ? query.types : undefined;
    const kinds = query.kinds !== undefined && query.kinds.length > 0 ? query.kinds : undefined;
    const answer = { outgoing: [] as RelationEntry[], incoming: [] as RelationEntry[], total: { outgoing: 0, incoming: 0 } };
    const totals: Record<string, { outgoing: number; incoming: number }> = {};
    for (const direction of ['outgoing', 'incoming'] as const) {
      for (const { type, n } of this.#counts(direction, query.recordId, kinds)) {
        const t = (totals[type] ??= { outgoing: 0, incoming: 0 });
        t[direction] = n;
        if (types === undefined || types.includes(type)) answer.total[direction] += n;
      }
      if (answer.total[direction] > query.page * query.size) {
        const rows = this.#page(direction, query.recordId, types, kinds, query.size, query.page * query.size);
        answer[direction] = rows.map((row) => this.#entry(row, query.recordId, query.lang));
      }
    }
    return { ...answer, totals: sortedTotals(totals) };
  }

  counts(recordId: string): Record<string, RelationCount> {
    const totals: Record<string, { outgoing: number; incoming: number }> = {};
    for (const direction of ['outgoing', 'incoming'] as const) {
      for (const { type, n } of this.#counts(direction, recordId, undefined)) (totals[type] ??= { outgoing: 0, incoming: 0 })[direction] = n;
    }
    return sortedTotals(totals);
  }

  /** Per relation type and direction, how many relations reach each kind of other end. */
  summary(recordId: string): RelationSummary {
    const out: Record<string, { outgoing?: Partial<Record<RelationEndKind, number>>; incoming?: Partial<Record<RelationEndKind, number>> }> = {};
    for (const direction of ['outgoing', 'incoming'] as const) {
      const sql = `SELECT rel.type AS type, ${KIND_OF_OTHER_END} AS kind, count(*) AS n FROM (${this.#relSql(direction)}) rel GROUP BY 1, 2 ORDER BY 1, 2`;
      for (const { type, kind, n } of this.#statement(sql).all(recordId) as { type: string; kind: RelationEndKind; n: number }[]) {
        ((out[type] ??= {})[direction] ??= {})[kind] = n;
      }
    }
    return Object.fromEntries(Object.entries(out).sort(([a], [b]) => compareText(a, b)));
  }

  /** The distinct relations of one direction, as a subquery named `rel` with columns own, type, o, role. */
  #relSql(direction: Direction): string {
    const { own, other } = DIRECTION_COLUMNS[direction];
    return `SELECT DISTINCT x.${own} AS own, x.type AS type, x.${other} AS o, x.role AS role
            FROM rel_end e JOIN rel_edge x ON x.${own} = e.iri WHERE e.record_id = ?`;
  }

  #counts(direction: Direction, recordId: string, kinds: readonly string[] | undefined): { type: string; n: number }[] {
    const kindFilter = kinds === undefined ? '' : `WHERE ${KIND_OF_OTHER_END} IN (${kinds.map(() => '?').join(', ')})`;
    const sql = `SELECT rel.type AS type, count(*) AS n FROM (${this.#relSql(direction)}) rel ${kindFilter} GROUP BY rel.type`;
    return this.#statement(sql).all(recordId, ...(kinds ?? [])) as { type: string; n: number }[];
  }

  #page(direction: Direction, recordId: string, types: readonly string[] | undefined, kinds: readonly string[] | undefined, limit: number, offset: number): RelationRow[] {
    const where: string[] = [];
    if (types !== undefined) where.push(`rel.type IN (${types.map(() => '?').join(', ')})`);
    if (kinds !== undefined) where.push(`${KIND_OF_OTHER_END} IN (${kinds.map(() => '?').join(', ')})`);
    const sql = `SELECT rel.own, rel.type, rel.o, rel.role FROM (${this.#relSql(direction)}) rel
                 ${where.length > 0 ? `WHERE ${where.join(' AND ')}` : ''}
                 ORDER BY rel.type, rel.o, rel.own, rel.role LIMIT ? OFFSET ?`;
    return this.#statement(sql).all(recordId, ...(types ?? []), ...(kinds ?? []), limit, offset) as RelationRow[];
  }

  #entry(row: RelationRow, recordId: string, lang: string): RelationEntry {
    const end = this.#endOf.get(row.o) as (Omit<OtherEnd, 'part'> & { part: number }) | undefined;
    const own = this.#ownEnd.get(row.own, recordId) as { part: number; titles: string } | undefined;
    return relationEntry(row, end === undefined ? undefined : { ...end, part: end.part === 1 }, own === undefined ? undefined : { part: own.part === 1, titles: own.titles }, lang);
  }

  #statement(sql: string): Statement {
    let s = this.#statements.get(sql);
    if (s === undefined) {
      s = this.db.prepare(sql);
      this.#statements.set(sql, s);
    }
    return s;
  }
}
