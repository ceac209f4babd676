import type { Database, Statement } from 'better-sqlite3';

const statements = new WeakMap<Database, { all: Statement; limited: Statement }>();

/**
 * The rowids of the documents an FTS5 expression matches, ascending, at most `limit`. Read as one JSON
 * array built by SQLite (`json_group_array`) rather than row by row: for a word in 90 000 documents
 * that takes about a third less time, most of a step per row being the crossing into JavaScript.
 */
export function ftsRowids(db: Database, expression: string, limit?: number): number[] {
  let s = statements.get(db);
  if (s === undefined) {
    s = {
      all: db.prepare('SELECT json_group_array(rowid) FROM (SELECT rowid FROM search_fts WHERE search_fts MATCH ? ORDER BY rowid)').pluck(),
      limited: db.prepare('SELECT json_group_array(rowid) FROM (SELECT rowid FROM search_fts WHERE search_fts MATCH ? ORDER BY rowid LIMIT ?)').pluck(),
    };
    statements.set(db, s);
  }
  const json = (limit === undefined ? s.all.get(expression) : s.limited.get(expression, limit)) as string;
  return JSON.parse(json) as number[];
}
