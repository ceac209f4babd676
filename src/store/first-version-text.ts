/**
 * A record's first version (op `add`) is its whole graph, which the record's body holds too. When the
 * graph is already canonical text (sorted, distinct, non-blank lines, each ending in a newline: what a
 * version's lines are), the version row keeps no copy of it: `added` is empty while `n_added` counts its
 * lines, and readers take the text from the body (versionAddedSql). Before a write changes the body,
 * the store puts the old graph into that row (both stores, in the write's transaction), so the row never
 * outlives the text it stands for. A first harvest then writes each graph once instead of twice. Both
 * stores (SQLite and PostgreSQL) keep their versions so; the same SQL reads them.
 */

/**
 * The `added` text of a version row, in SQL, for a row of `record_versions` named `v`: its own text, or
 * the record's body when the row keeps none of its own (empty, with lines counted). `empty` is the
 * dialect's empty value of the column (SQLite's text `''`, PostgreSQL's bytea `''::bytea`).
 */
export function versionAddedSql(v: string, empty = "''"): string {
  return `CASE WHEN ${v}.added = ${empty} AND ${v}.n_added > 0 THEN (SELECT b.graph FROM records r JOIN record_bodies b USING (rid) WHERE r.id = ${v}.record_id) ELSE ${v}.added END`;
}

/**
 * The number of lines of `graph` when it is the text a first version would keep (sorted, distinct,
 * non-blank lines, each ending in a newline), else -1 (the version then keeps its own copy).
 */
export function canonicalLineCount(graph: string): number {
  if (graph.length === 0 || graph.charCodeAt(graph.length - 1) !== 10) return -1;
  let lines = 0;
  let previous: string | undefined;
  for (let start = 0; start < graph.length; ) {
    const end = graph.indexOf('\n', start);
    const line = graph.slice(start, end);
    if (line.trim() === '' || (previous !== undefined && !(previous < line))) return -1;
    previous = line;
    lines++;
    start = end + 1;
  }
  return lines;
}
