import type { ResourceKind } from '../resource-kind.js';
import type { HarvestRun } from '../harvest-run.js';
import type { HarvestSource, SourceFetchState } from '../harvest-source.js';
import type { ApiToken } from '../api-token.js';
import type { AuditEntry, NewAuditEntry } from '../audit-entry.js';
import type { ArtefactSummary, RecordChange, RecordState, RecordWrite, StoredArtefact, StoredRecord } from '../catalog-record.js';
import type { RecordVersion, RecordVersionDelta } from '../record-version.js';
import type { UrlCheck } from '../url-check.js';
import type { ValidationReport } from '../validation-report.js';


/** The order of `Store.publishedRecords`: by id, or the adapter's fastest (each record once). */
export type PublishedOrder = 'id' | 'stored';
/** A record's new validation report, for the graph whose hash it was judged on. */
export interface ValidationReplacement {
  readonly id: string;
  readonly hash: string;
  readonly validation: ValidationReport;
}

/**
 * The harvest lease a run's writes are made under (its source and the run's holder token). A write that
 * carries it commits only while that holder still holds the source's lease and the source is registered:
 * one whose lease another process has taken since (this node's session with the store was lost, or its
 * renewals stalled past the time to live), that was released, or whose source was deleted is refused whole
 * with HarvestLeaseLostError, and nothing of it is written. Taking a lease and deleting a source wait for the
 * fenced writes under way, so two runs of a source never both write, and no run brings a deleted source's
 * records back.
 */
export interface LeaseFence {
  readonly sourceId: string;
  readonly holder: string;
}

/**
 * A fenced write was refused: the source's harvest lease is no longer the run's (LeaseFence). Not an HTTP
 * problem: the pipeline ends the run `interrupted` with this message in its report.
 */
export class HarvestLeaseLostError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'HarvestLeaseLostError';
  }
}

/**
 * The durable source of truth: sources, harvest runs, record graphs with their validation reports,
 * and a change log that the SPARQL and search projections follow.
 *
 * Every method that writes is atomic: after a crash (even `kill -9`) the store holds exactly what was
 * committed before it. Adapters: embedded SQLite (src/store/sqlite) and PostgreSQL (src/store/postgres),
 * shared by any number of service nodes.
 */
export interface Store {
  // --- sources ---
  saveSource(source: HarvestSource): Promise<void>;
  getSource(id: string): Promise<HarvestSource | undefined>;
  listSources(): Promise<HarvestSource[]>;
  /** Deletes a source with its runs and fetch state; its live records become tombstones (removed), atomically. */
  deleteSource(id: string): Promise<void>;
  getFetchState(sourceId: string, url: string): Promise<SourceFetchState | undefined>;
  setFetchState(sourceId: string, url: string, state: SourceFetchState): Promise<void>;

  // --- runs ---
  /** Records a new run in state `running`. */
  startRun(sourceId: string, startedAt: string): Promise<HarvestRun>;
  /** Stores the final state, counts and problems of a run. */
  finishRun(run: HarvestRun): Promise<void>;
  getRun(id: string): Promise<HarvestRun | undefined>;
  /** Newest first. */
  listRuns(filter: { sourceId?: string; limit: number }): Promise<HarvestRun[]>;
  /**
   * Marks runs left `running` as `interrupted`; returns how many. At start and shutdown every such run
   * of this process and of processes that died; with `orphanedOnly`, only those whose process is gone
   * (a node taking over the schedule from one that was killed, while its own runs go on).
   */
  interruptRunningRuns(at: string, orphanedOnly?: boolean): Promise<number>;

  // --- records ---
  /** The state of every record the source owns, removed ones included, keyed by resource IRI. */
  recordStatesOfSource(sourceId: string): Promise<Map<string, RecordState>>;
  /** The owners of the given resource IRIs (removed records included), keyed by IRI. */
  recordStatesByIri(iris: readonly string[]): Promise<Map<string, RecordState>>;
  getRecord(id: string): Promise<StoredRecord | undefined>;
  /**
   * The current rows (any status) of the records of these ids, keyed by id; an id the store does not hold is left
   * out. One query on a server (the projector reads each batch of the change log this way: one round trip per
   * record was two thirds of a batch's time in server mode); a store on a synchronous engine (SQLite) gives the
   * event loop a turn between slices of reads.
   */
  getRecords(ids: readonly string[]): Promise<Map<string, StoredRecord>>;
  getRecordByIri(iri: string): Promise<StoredRecord | undefined>;
  /**
   * Writes new or changed records; each record, with its change-log entry, is committed atomically. With
   * `fence` (a harvest run's), each transaction commits only under the run's lease (LeaseFence).
   */
  writeRecords(writes: readonly RecordWrite[], fence?: LeaseFence): Promise<void>;
  /**
   * Replaces the stored validation report of records judged again (the harvested reference data changed):
   * each only while the record is still `published` with the graph hash it was judged on (a harvest that
   * wrote it since wins), with a change-log entry so the projections re-read it; graph, status, dates,
   * artefacts and history are untouched. Returns the ids replaced.
   */
  replaceValidationReports(updates: readonly ValidationReplacement[]): Promise<string[]>;
  /** The document a record keeps under `name` (its OpenAPI description), whatever the record's status. */
  getArtefact(recordId: string, name: string): Promise<StoredArtefact | undefined>;
  /** The artefacts a record keeps, by name, without their bytes (what a record page offers to download). */
  artefactsOf(recordId: string): Promise<ArtefactSummary[]>;
  /**
   * Marks records removed (tombstones): they leave the indexes but keep their id and first-harvest date.
   * `runId`: the run that found them gone, kept with the `remove` version of each published one; `fence`:
   * its lease (LeaseFence).
   */
  markRemoved(ids: readonly string[], at: string, runId?: string, fence?: LeaseFence): Promise<void>;
  /**
   * Published records in id order, in pages; the basis of every rebuild and export. With `kinds`, only
   * records of those kinds (a projection of concepts never reads the datasets). With `order` 'stored',
   * each published record once in the order the adapter reads fastest (SQLite: the order it stored them,
   * read sequentially instead of one seek per record); for a rebuild that does not care about order.
   */
  publishedRecords(pageSize?: number, kinds?: readonly ResourceKind[], order?: PublishedOrder): AsyncIterable<StoredRecord[]>;
  /** Records per status: `{ published, quarantined, removed }`, zeros included. */
  countRecords(): Promise<Record<string, number>>;
  /** Records per kind and status (only the pairs that occur): the metrics' figures. */
  countRecordsByKind(): Promise<{ kind: string; status: string; n: number }[]>;

  // --- change log ---
  /** Changes with seq > afterSeq, oldest first, at most `limit`. */
  changesSince(afterSeq: number, limit: number): Promise<RecordChange[]>;
  latestChangeSeq(): Promise<number>;
  /** Persistent cursors of projections that survive restarts (e.g. a search index). */
  getCursor(name: string): Promise<number>;
  setCursor(name: string, seq: number): Promise<void>;
  /**
   * Calls `listener` soon after any process commits to the change log, when the adapter can tell
   * (PostgreSQL: LISTEN/NOTIFY), and returns a function that stops it; followers then need not poll.
   * `undefined` when it cannot (SQLite, across processes): followers poll.
   */
  watchChanges(listener: () => void): (() => void) | undefined;

  // --- history: every published version (see RecordVersion), written with the record in one transaction ---
  /** A record's versions, oldest first (those the retention policy kept); empty when it was never public. */
  recordVersions(recordId: string): Promise<RecordVersion[]>;
  /** The record's graph at a version (canonical N-Triples); undefined when there is no such version or it was pruned. */
  versionGraph(recordId: string, version: number): Promise<string | undefined>;
  /**
   * The record's versions up to `upTo`, oldest first, with their triples, from the last that holds a whole
   * graph at or before `from` (default `upTo`; src/store/version-snapshots.ts): replayed forward
   * (VersionReplay) for its graphs at versions `from`…`upTo` at once. A first version that is not the
   * record's first has `base` set and its whole graph as `addedTriples`.
   */
  versionDeltas(recordId: string, upTo: number, from?: number): Promise<RecordVersionDelta[]>;
  /** The public change log: versions with seq > afterSeq, oldest first, at most `limit`, with their triples. */
  versionsSince(afterSeq: number, limit: number): Promise<RecordVersionDelta[]>;
  /** The seq of the oldest version kept and of the newest (0 and 0 when the log is empty). */
  versionBounds(): Promise<{ first: number; last: number }>;
  /**
   * Retention: drops the versions published before `before` (ISO time). A record keeps the newest of
   * them as a base version holding its whole graph at that time, so every later version still replays.
   * Returns how many versions were dropped.
   */
  pruneVersions(before: string): Promise<number>;

  // --- harvest leases: one run per source at a time across every process sharing the store ---
  // `now` (epoch ms) is the caller's clock. A store that processes on one machine share (SQLite) judges
  // expiry by it; a store that several machines share (PostgreSQL) writes and judges every expiry by its
  // own clock and ignores `now`, so the nodes' clocks never meet.
  /**
   * Takes the lease of a source for `ttlMs` from `now` (epoch ms) unless another holder has it: a lease
   * counts while it has not expired and its process lives. True when `holder` has it now.
   */
  acquireLease(sourceId: string, holder: string, ttlMs: number, now: number): Promise<boolean>;
  /** Extends a lease its holder has; false when it was lost (expired and taken by another) or, on a store shared by nodes, while this node's liveness is lost. */
  renewLease(sourceId: string, holder: string, ttlMs: number, now: number): Promise<boolean>;
  releaseLease(sourceId: string, holder: string): Promise<void>;
  /** The source ids whose lease is held by a live holder at `now`. */
  leasedSources(now: number): Promise<string[]>;

  // --- node leases: one holder of a role (the harvest scheduler) at a time across every process sharing the store ---
  /**
   * Takes the lease named `name` for `ttlMs` from `now` (epoch ms), or extends it when `holder` has it
   * already, unless another holder has it: a lease counts while it has not expired and its process
   * lives (so a killed holder's lease is free at once where the store can tell, else when it expires).
   * True when `holder` has it now.
   */
  acquireNodeLease(name: string, holder: string, ttlMs: number, now: number): Promise<boolean>;
  releaseNodeLease(name: string, holder: string): Promise<void>;
  /** Who holds the lease at `now` (holder and where it runs), undefined when nobody does. */
  nodeLeaseHolder(name: string, now: number): Promise<{ readonly holder: string; readonly node: string } | undefined>;
  /**
   * Calls `listener` whenever this process's liveness in the store is lost, from which moment other
   * processes may take the leases it holds (PostgreSQL: its session connection, which holds its liveness
   * lock, dropped). Returns the function that stops it. A store whose liveness is the process itself
   * (SQLite) never calls it.
   */
  watchLiveness(listener: () => void): () => void;

  // --- access: API tokens (only their hashes) and the audit log of writes ---
  saveToken(token: ApiToken): Promise<void>;
  getToken(id: string): Promise<ApiToken | undefined>;
  getTokenByHash(hash: string): Promise<ApiToken | undefined>;
  /** Every token, revoked and expired ones included, oldest first. */
  listTokens(): Promise<ApiToken[]>;
  /** Marks a token revoked (once: a second revoke keeps the first date); undefined when there is no such token. */
  revokeToken(id: string, at: string): Promise<ApiToken | undefined>;
  /** Records the token's last use. */
  touchToken(id: string, at: string): Promise<void>;
  appendAudit(entry: NewAuditEntry): Promise<AuditEntry>;
  /** Newest first; `beforeSeq` pages back. */
  listAudit(filter: { limit: number; beforeSeq?: number }): Promise<AuditEntry[]>;

  // --- organisation register cache ---
  /** The register's answer for an organisation number as JSON text, with when it was fetched. */
  getCachedOrganisation(organisationNumber: string): Promise<{ readonly data: string; readonly fetchedAt: string } | undefined>;
  cacheOrganisation(organisationNumber: string, data: string, fetchedAt: string): Promise<void>;

  // --- URL checker results (the access and download URLs of distributions) ---
  /** The latest check of each of the URLs that has one, keyed by URL. */
  getUrlChecks(urls: readonly string[]): Promise<Map<string, UrlCheck>>;
  /** Stores checks, each replacing the URL's earlier one. */
  saveUrlChecks(checks: readonly UrlCheck[]): Promise<void>;

  close(): Promise<void>;
}
