import type { RecordState, RecordStatus, StoredRecord } from '../../core/catalog-record.js';
import type { HarvestRun, RunCounts, RunState } from '../../core/harvest-run.js';
import type { Problem } from '../../core/problem.js';
import type { ResourceKind } from '../../core/resource-kind.js';
import type { ValidationReport } from '../../core/validation-report.js';

// Rows of catalog.db and their domain objects. Record states are read as raw arrays (no object per
// row from SQLite) because the pipeline reads a whole source's records at once.

/** Columns of a record state, in the order STATE_COLUMNS lists them. */
export const STATE_COLUMNS = 'r.id, r.iri, r.kind, r.source_id, r.catalog_id, r.hash, r.status, r.issued, r.modified, r.removed_at';
/** STATE_COLUMNS, then the body: select FROM records r JOIN record_bodies b USING (rid). */
export const RECORD_COLUMNS = `${STATE_COLUMNS}, b.graph, b.validation`;

type StateRow = [string, string, string, string, string | null, string, string, string, string, string | null];
type RecordRow = [...StateRow, string, string | null];

export function stateFromRow(row: unknown[]): RecordState {
  const [id, iri, kind, sourceId, catalogId, hash, status, issued, modified, removedAt] = row as StateRow;
  return {
    id,
    iri,
    kind: kind as ResourceKind,
    sourceId,
    catalogId,
    hash,
    status: status as RecordStatus,
    issued,
    modified,
    removedAt,
  };
}

export function recordFromRow(row: unknown[]): StoredRecord {
  const r = row as RecordRow;
  return { ...stateFromRow(r), graph: r[10], validation: r[11] === null ? null : (JSON.parse(r[11]) as ValidationReport) };
}

export interface RunRow {
  id: string;
  source_id: string;
  started_at: string;
  ended_at: string | null;
  state: string;
  error: string | null;
  data: string;
}

/** What a run keeps in its JSON column: everything but the columns. */
export interface RunData {
  counts: RunCounts;
  problems: Problem[];
  notModified?: boolean;
  documents?: number;
}

export function runData(run: HarvestRun): RunData {
  const { id: _id, sourceId: _s, startedAt: _st, endedAt: _e, state: _state, error: _error, ...data } = run;
  return data;
}

export function runFromRow(row: RunRow): HarvestRun {
  const data = JSON.parse(row.data) as RunData;
  const run: HarvestRun = { ...data, id: row.id, sourceId: row.source_id, startedAt: row.started_at, state: row.state as RunState };
  if (row.ended_at !== null) run.endedAt = row.ended_at;
  if (row.error !== null) run.error = row.error;
  return run;
}
