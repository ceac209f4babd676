import type pg from 'pg';
import type { RelationCount, RelationEndKind, RelationEntry, RelationsAnswer, RelationsQuery, RelationSummary } from '../../core/ports/relations-index.js';
import { compareText, type Direction, DIRECTION_COLUMNS, type OtherEnd, relationEntry, type RelationRow, sortedTotals } from '../relation-rows.js';


/** Code-point order, as the embedded index sorts (SQLite's binary collation), whatever the database's collation. */
const C = 'COLLATE "C"';

/** The kind of the record holding an IRI (its resource before its parts), or 'external'. */
const KIND_OF_OTHER_END = `COALESCE((SELECT r.kind FROM relation_ends oe JOIN relation_records r ON r.id = oe.record_id WHERE oe.iri = rel.o ORDER BY oe.part, oe.record_id ${C} LIMIT 1), 'external')`;

/** Numbered parameters of one statement. */
class Params {
  readonly values: unknown[] = [];
  add(value: unknown, cast = ''): string {
    this.values.push(value);
    return `$${this.values.length}${cast}`;
  }
}

/**
 * Reads relations of one record (or the summaries of many) with the embedded reader's queries
 * (src/relations/sqlite/relations-reader.ts) in PostgreSQL's dialect: the distinct edges leaving or
 * reaching any IRI a record answers for, each count and page one statement, and the records at the
 * other ends of a page read together.
 */
export class RelationsSqlReader {
  constructor(private readonly query: <R extends pg.QueryResultRow>(sql: string, values: unknown[]) => Promise<R[]>) {}

  async relations(query: RelationsQuery): Promise<RelationsAnswer> {
    const types = query.types !== undefined && query.types.length > 0 ? query.types : undefined;
    const kinds = query.kinds !== undefined && query.kinds.length > 0 ? query.kinds : undefined;
    const answer = { outgoing: [] as RelationEntry[], incoming: [] as RelationEntry[], total: { outgoing: 0, incoming: 0 } };
    const totals: Record<string, { outgoing: number; incoming: number }> = {};
    for (const direction of ['outgoing', 'incoming'] as const) {
      for (const { type, n } of await this.#counts(direction, query.recordId, kinds)) {
        const t = (totals[type] ??= { outgoing: 0, incoming: 0 });
        t[direction] = n;
        if (types === undefined || types.includes(type)) answer.total[direction] += n;
      }
      if (answer.total[direction] > query.page * query.size) {
        const rows = await this.#page(direction, query.recordId, types, kinds, query.size, query.page * query.size);
        answer[direction] = await this.#entries(rows, query.recordId, query.lang);
      }
    }
    return { ...answer, totals: sortedTotals(totals) };
  }

  async counts(recordId: string): Promise<Record<string, RelationCount>> {
    const totals: Record<string, { outgoing: number; incoming: number }> = {};
    for (const direction of ['outgoing', 'incoming'] as const) {
      for (const { type, n } of await this.#counts(direction, recordId, undefined)) (totals[type] ??= { outgoing: 0, incoming: 0 })[direction] = n;
    }
    return sortedTotals(totals);
  }

  /** Per record, relation type and direction, how many relations reach each kind of other end: one statement for all the records. */
  async summaries(recordIds: readonly string[]): Promise<ReadonlyMap<string, RelationSummary>> {
    const out = new Map<string, Record<string, { outgoing?: Partial<Record<RelationEndKind, number>>; incoming?: Partial<Record<RelationEndKind, number>> }>>(recordIds.map((id) => [id, {}]));
    if (recordIds.length === 0) return out;
    const rows = await this.query<{ rid: string; dir: Direction; type: string; kind: RelationEndKind; n: number }>(
      // The kind at each other end looked up once for the whole batch (a correlated subquery per relation cost more).
      `WITH rel AS MATERIALIZED (
         SELECT DISTINCT e.record_id AS rid, 'outgoing' AS dir, x.from_iri AS own, x.type, x.to_iri AS o, x.role
         FROM relation_ends e JOIN relation_edges x ON x.from_iri = e.iri WHERE e.record_id = ANY($1::text[])
         UNION ALL
         SELECT DISTINCT e.record_id, 'incoming', x.to_iri, x.type, x.from_iri, x.role
         FROM relation_ends e JOIN relation_edges x ON x.to_iri = e.iri WHERE e.record_id = ANY($1::text[])
       ), other AS (
         SELECT DISTINCT ON (oe.iri) oe.iri, r.kind FROM relation_ends oe JOIN relation_records r ON r.id = oe.record_id
         WHERE oe.iri IN (SELECT o FROM rel) ORDER BY oe.iri, oe.part, oe.record_id ${C}
       )
       SELECT rel.rid, rel.dir, rel.type, COALESCE(other.kind, 'external') AS kind, count(*)::int AS n
       FROM rel LEFT JOIN other ON other.iri = rel.o GROUP BY 1, 2, 3, 4`,
      [[...new Set(recordIds)]],
    );
    // Outgoing before incoming, then by type and kind: the embedded index's order, so equal summaries serialise alike.
    rows.sort((a, b) => compare(a.dir === b.dir ? 0 : a.dir === 'outgoing' ? -1 : 1, compare(compareText(a.type, b.type), compareText(a.kind, b.kind))));
    for (const { rid, dir, type, kind, n } of rows) {
      const summary = out.get(rid)!;
      ((summary[type] ??= {})[dir] ??= {})[kind] = n;
    }
    return new Map([...out].map(([id, s]) => [id, Object.fromEntries(Object.entries(s).sort(([a], [b]) => compareText(a, b)))]));
  }

  /** The distinct relations of one direction, as a subquery named `rel` with columns own, type, o, role. */
  #relSql(direction: Direction, recordParam: string): string {
    const { own, other } = DIRECTION_COLUMNS[direction];
    return `SELECT DISTINCT x.${own} AS own, x.type AS type, x.${other} AS o, x.role AS role
            FROM relation_ends e JOIN relation_edges x ON x.${own} = e.iri WHERE e.record_id = ${recordParam}`;
  }

  async #counts(direction: Direction, recordId: string, kinds: readonly string[] | undefined): Promise<{ type: string; n: number }[]> {
    const p = new Params();
    const rel = this.#relSql(direction, p.add(recordId));
    const kindFilter = kinds === undefined ? '' : `WHERE ${KIND_OF_OTHER_END} = ANY(${p.add(kinds, '::text[]')})`;
    return this.query(`SELECT rel.type AS type, count(*)::int AS n FROM (${rel}) rel ${kindFilter} GROUP BY rel.type`, p.values);
  }

  async #page(direction: Direction, recordId: string, types: readonly string[] | undefined, kinds: readonly string[] | undefined, limit: number, offset: number): Promise<RelationRow[]> {
    const p = new Params();
    const rel = this.#relSql(direction, p.add(recordId));
    const where: string[] = [];
    if (types !== undefined) where.push(`rel.type = ANY(${p.add(types, '::text[]')})`);
    if (kinds !== undefined) where.push(`${KIND_OF_OTHER_END} = ANY(${p.add(kinds, '::text[]')})`);
    return this.query<RelationRow>(
      `SELECT rel.own, rel.type, rel.o, rel.role FROM (${rel}) rel
       ${where.length > 0 ? `WHERE ${where.join(' AND ')}` : ''}
       ORDER BY rel.type ${C}, rel.o ${C}, rel.own ${C}, rel.role ${C} LIMIT ${p.add(limit)} OFFSET ${p.add(offset)}`,
      p.values,
    );
  }

  /** The entries of a page: the record holding each other end (its resource before its parts) and this record's own end, read for the whole page at once. */
  async #entries(rows: readonly RelationRow[], recordId: string, lang: string): Promise<RelationEntry[]> {
    const others = await this.query<OtherEnd & { iri: string }>(
      `SELECT DISTINCT ON (e.iri) e.iri, e.part, e.titles AS end_titles, r.id, r.kind, r.status, r.titles AS record_titles
       FROM relation_ends e JOIN relation_records r ON r.id = e.record_id WHERE e.iri = ANY($1::text[])
       ORDER BY e.iri, e.part, e.record_id ${C}`,
      [[...new Set(rows.map((r) => r.o))]],
    );
    const endOf = new Map(others.map((e) => [e.iri, e]));
    const own = await this.query<{ iri: string; part: boolean; titles: string }>('SELECT iri, part, titles FROM relation_ends WHERE record_id = $1 AND iri = ANY($2::text[])', [
      recordId,
      [...new Set(rows.map((r) => r.own))],
    ]);
    const ownEnd = new Map(own.map((e) => [e.iri, e]));
    return rows.map((row) => relationEntry(row, endOf.get(row.o), ownEnd.get(row.own), lang));
  }
}

/** The first comparison that is not a tie. */
function compare(first: number, then: number): number {
  return first !== 0 ? first : then;
}
