import type { RecordVersionDelta } from '../core/record-version.js';

/**
 * Snapshots in a record's history, the same in both stores.
 *
 * A version keeps the triples it added and removed. Rebuilding a past version replays the versions
 * before it from the last one that holds a whole graph: an `add` (the graph from nothing), a `remove`
 * (nothing), a base the retention policy made, or a snapshot. Without snapshots that is every version
 * since the record was first published: a large record its publisher rewrites on every harvest would
 * cost its whole graph per version replayed, for as long as its history is kept.
 *
 * So a `change` also keeps the whole graph it leads to (its snapshot) once the lines added and removed
 * since the last whole graph, its own included (its churn), pass the graph's own lines. A version is
 * then rebuilt from at most one whole graph and fewer changed lines than it has; the snapshots of a
 * history add up to no more than its deltas do. The delta stays, for the change log and the LDES.
 */

/** Whether a `change` whose churn (lines changed since the last whole graph, its own included) reaches `churn` keeps its graph of `graphLines` lines whole. */
export function snapshotDue(churn: number, graphLines: number): boolean {
  return churn > graphLines;
}

/**
 * What a `change` that added and removed these many lines, after versions of `previousChurn` since the last
 * whole graph, keeps besides its delta: its graph `next` when a snapshot is due (its churn then starts again
 * at 0), else nothing, with its churn.
 */
export function changeSnapshot(previousChurn: number, added: number, removed: number, next: string): { readonly snapshot: string | null; readonly churn: number } {
  const churn = previousChurn + added + removed;
  return snapshotDue(churn, lineCount(next)) ? { snapshot: next, churn: 0 } : { snapshot: null, churn };
}

/** The lines of a canonical N-Triples text (each ends in a newline). */
export function lineCount(text: string): number {
  let n = 0;
  for (let i = text.indexOf('\n'); i !== -1; i = text.indexOf('\n', i + 1)) n++;
  return n;
}

/**
 * SQL: whether the row `v` of record_versions holds a whole graph, so a replay may start at it. `base`
 * is the dialect's test of the base column (SQLite's integer, PostgreSQL's boolean).
 */
export function wholeVersionSql(v: string, base: string): string {
  return `(${base} OR ${v}.op <> 'change' OR ${v}.snapshot IS NOT NULL)`;
}

/**
 * The first of the versions a replay reads, starting from its whole graph: a snapshot's row gives the
 * snapshot as a base (its delta is already in it); any other row is whole as it stands.
 */
export function replayStart(first: RecordVersionDelta, snapshot: string | null): RecordVersionDelta {
  return snapshot === null ? first : { ...first, addedTriples: snapshot, removedTriples: '', base: true };
}
