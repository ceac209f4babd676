import type { RecordWrite } from '../core/catalog-record.js';
import { emptyCounts, type HarvestRun } from '../core/harvest-run.js';
import type { HarvestProgress } from '../core/harvest-progress.js';
import type { HarvestSource } from '../core/harvest-source.js';
import type { Problem } from '../core/problem.js';
import { DocumentReadError, type Harvester, type SplitResult } from '../core/ports/harvester.js';
import type { Logger } from '../core/ports/logger.js';
import type { OrganisationRegister } from '../core/ports/organisation-register.js';
import type { SecretBox } from '../core/ports/secret-box.js';
import { HarvestLeaseLostError, type LeaseFence, type Store } from '../core/ports/store.js';
import type { Validator } from '../core/ports/validator.js';
import { chooseProfile } from '../core/validation-profiles.js';
import type { ValidationReport } from '../core/validation-report.js';
import { decide, type RecordDecision } from './change-detector.js';
import type { FetchHooks, FetchPolicy } from './fetch/fetcher.js';
import { BatchWriter } from './batch-writer.js';
import { SourceDocuments, type SourceDocumentsDeps, type SourceLocation } from './source-documents.js';
import { ValidationWindow } from './validation-window.js';
import { oversizedIriProblem } from './record-iri-limit.js';


export interface PipelineDeps {
  readonly store: Store;
  readonly validator: Validator;
  /** The registered harvesters by source kind (harvesters/registry.ts). */
  readonly harvesters: ReadonlyMap<string, Harvester>;
  readonly policy: FetchPolicy;
  /** The policy for one source, when it differs from `policy` (the demo's own loopback files). */
  readonly policyFor?: (source: HarvestSource) => FetchPolicy;
  /** Test hooks of the fetcher (name resolution, extra CAs). */
  readonly fetchHooks?: FetchHooks;
  /** Documents one harvest of a source may fetch: pages and referenced documents (HARVEST_MAX_PAGES). */
  readonly maxPages: number;
  readonly baseUrl: string;
  /** VALIDATION_PROFILE: used for the record kinds it applies to, unless the source chose another. */
  readonly defaultProfile: string;
  readonly logger: Logger;
  /** Called after each batch of records is committed, so projections can catch up at once. */
  readonly onCommit?: () => void;
  readonly now?: () => Date;
  /** Resolves publishers when sources are registered; without it, a well-formed organisation number is enough. */
  readonly organisations?: OrganisationRegister;
  /** Seals and opens protected sources' authentication headers (SOURCE_SECRET_KEY); without it, such headers are refused. */
  readonly secrets?: SecretBox;
}

export interface HarvestOptions {
  /** Read a local file instead of the source URL (the CLI only). */
  readonly localPath?: string;
  readonly signal?: AbortSignal;
  /** The source's harvest lease the run holds (harvest-service.ts): its record writes commit only while it is the run's. */
  readonly lease?: LeaseFence;
  /** Called once the run is recorded in the store (state `running`). */
  readonly onStarted?: (run: HarvestRun) => void;
  /** Told how far the run is: each document fetched, then each record taken from the split source (the CLI's progress display). */
  readonly onProgress?: (progress: HarvestProgress) => void;
}


const WRITE_BATCH = 250;
/**
 * Records in validation at once. The validation pool sends the records asked for together in batches
 * that its workers validate in groups (src/validation/record-validation.ts), which costs far less per
 * record than one at a time; a few batches per worker keep every worker busy.
 */
const VALIDATIONS_IN_FLIGHT = 128;

/**
 * One harvest of one source: the harvester reads the source (all pages) → splits it into records
 * (fetching documents they reference) → detect changes → validate new and changed records, each
 * against the profile of its kind → commit them → mark vanished records removed.
 *
 * Bad input never costs good data: fetching and parsing finish before anything is written, so a
 * source that fails leaves its published records exactly as they were; a broken record is reported
 * and the rest still publish; removals happen only after a complete, successful read.
 */
export async function runHarvest(source: HarvestSource, deps: PipelineDeps, options: HarvestOptions = {}): Promise<HarvestRun> {
  const now = deps.now ?? (() => new Date());
  const log = deps.logger.child({ sourceId: source.id });
  const run = await deps.store.startRun(source.id, now().toISOString());
  run.counts = emptyCounts();
  options.onStarted?.({ ...run, counts: { ...run.counts }, problems: [] });
  try {
    await harvestInto(run, source, deps, options, now, log);
    run.state = 'succeeded';
  } catch (error) {
    run.state = 'failed';
    if (error instanceof HarvestLeaseLostError) {
      // Another run of the source holds the lease now: what this one committed before stays, that run goes on.
      run.state = 'interrupted';
      run.error = `The harvest was stopped before it finished: ${error.message} The records committed before stay.`;
    } else if (options.signal?.aborted === true) {
      // Stopped from outside (the service shutting down): what was committed stays, the next run reads the source again.
      run.state = 'interrupted';
      run.error = `The harvest was stopped before it finished (${reasonOf(options.signal)}); the records committed so far stay, and the next run reads the source again.`;
    } else if (error instanceof DocumentReadError) {
      run.error = error.message;
      run.problems.push({ kind: error.stage, resource: error.url, message: error.message, ...(error.line !== undefined ? { line: error.line } : {}) });
    } else {
      run.error = `Internal error: ${(error as Error).message}`;
      run.problems.push({ kind: 'internal', message: run.error });
      log.error({ err: error }, 'harvest failed with an internal error');
    }
  }
  run.endedAt = now().toISOString();
  try {
    await deps.store.finishRun(run);
  } catch (error) {
    // The records are committed; only the run's report could not be stored. Say so, never throw late.
    log.error({ err: error, runId: run.id }, 'the run report could not be stored');
    run.problems.push({ kind: 'internal', message: `The run report could not be stored: ${(error as Error).message}` });
  }
  log.info({ runId: run.id, state: run.state, counts: run.counts, error: run.error }, 'harvest finished');
  return run;
}

async function harvestInto(run: HarvestRun, source: HarvestSource, deps: PipelineDeps, options: HarvestOptions, now: () => Date, log: Logger): Promise<void> {
  const harvester = deps.harvesters.get(source.kind);
  if (harvester === undefined) {
    throw new DocumentReadError('fetch', source.url, `No harvester is installed for sources of kind "${source.kind}"; installed: ${[...deps.harvesters.keys()].join(', ')}.`);
  }
  const location = locationOf(source, options);
  const documentDeps = documentDepsOf(source, harvester, deps, options);

  const existing = await deps.store.recordStatesOfSource(source.id);
  const read = await readAndSplit(harvester, source, location, documentDeps, deps.baseUrl, options.signal);
  if (read.kind === 'not-modified') {
    run.notModified = true;
    run.documents = read.documents;
    run.counts.unchanged = [...existing.values()].filter((r) => r.status !== 'removed').length;
    // The same graph in other bytes: its new digests are kept, so the same bytes next time are not parsed.
    if (read.fetched !== undefined) await keepFetchStates(deps.store, source.id, read.fetched);
    return;
  }
  const { split, fetched: documents } = read;
  run.documents = Math.max(1, read.documents);
  for (const note of read.notes) log.info(note);
  run.problems.push(...split.problems);
  run.counts.skipped += split.problems.filter((p) => p.kind === 'skipped').length;

  const foreign = await deps.store.recordStatesByIri(split.records.filter((r) => !existing.has(r.iri)).map((r) => r.iri));
  const records = split.records.length;
  const progress = options.onProgress;
  progress?.({ phase: 'processing', documents: run.documents, processed: 0, records });
  const seen = new Set<string>();
  const writer = new BatchWriter(deps.store, WRITE_BATCH, deps.onCommit, options.lease);
  const validations = new ValidationWindow(deps.validator, VALIDATIONS_IN_FLIGHT);

  // Records are let go once handled, so a large source does not hold every record to the end.
  const queue = split.records.reverse();
  while (queue.length > 0) {
    // Stopped: the records in validation are still committed below, then the run ends as interrupted.
    if (options.signal?.aborted === true) break;
    const record = queue.pop()!;
    progress?.({ phase: 'processing', documents: run.documents, processed: records - queue.length, records });
    if (seen.has(record.iri)) continue;
    seen.add(record.iri);
    const oversized = oversizedIriProblem(record.iri);
    if (oversized !== undefined) {
      run.problems.push(oversized);
      run.counts.skipped++;
      continue;
    }
    for (const p of record.problems ?? []) run.problems.push(p.resource !== undefined ? p : { ...p, resource: record.iri });
    const profile = chooseProfile(record.kind, harvester.profiles, source.profile, deps.defaultProfile);
    if (profile === undefined) {
      run.problems.push({
        kind: 'internal',
        resource: record.iri,
        message: `The ${source.kind} harvester declares no validation profile for records of kind "${record.kind}", so this record was not published.`,
      });
      continue;
    }
    const decision = decide(record, source.id, existing.get(record.iri) ?? foreign.get(record.iri));
    if (decision.action === 'unchanged') {
      run.counts.unchanged++;
      continue;
    }
    if (decision.action === 'conflict') {
      run.counts.conflicts++;
      run.problems.push(conflictProblem(decision));
      continue;
    }
    await validations.submit(decision, profile, async (report, error) => {
      if (error !== undefined) {
        run.problems.push({ kind: 'internal', resource: decision.iri, message: `Validation failed for this record, so the previous version was kept: ${error.message}` });
        return;
      }
      const at = now().toISOString();
      const violations = report?.counts.violation ?? 0;
      if (violations > 0) {
        run.counts.invalid++;
        run.problems.push(invalidProblem(decision.iri, report!, source.quarantineInvalid));
      }
      run.counts[decision.change]++;
      await writer.add({ ...toWrite(decision, source, report ?? null, violations > 0 && source.quarantineInvalid, at), runId: run.id });
    });
  }
  await validations.drain();
  await writer.flush();
  // Neither removals nor fetch validators after a stop: the source was not read to its end.
  options.signal?.throwIfAborted();

  // Resources gone from the source: tombstones (kept ids and first-harvest dates; 410 Gone).
  const gone = [...existing.values()].filter((r) => r.status !== 'removed' && !seen.has(r.iri)).map((r) => r.id);
  if (gone.length > 0) {
    await deps.store.markRemoved(gone, now().toISOString(), run.id, options.lease);
    run.counts.removed = gone.length;
    deps.onCommit?.();
  }
  // Remember validators (ETag, Last-Modified, digest) only now that everything they stand for is
  // committed, and not at all when a record could not be validated (it was not written): the next run
  // must read the source again to give it another chance, even if nothing in it changed.
  if (run.problems.some((p) => p.kind === 'internal')) {
    log.warn({ runId: run.id }, 'a record could not be validated; the source will be read again in full next time');
    return;
  }
  if (run.counts.added === 0 && run.counts.changed === 0 && run.counts.removed === 0) documents.keyNextPayload();
  await keepFetchStates(deps.store, source.id, documents);
}

/** Stores what each document fetched in the run stands for now (validators, digest, memo, payload key) for the next run. */
async function keepFetchStates(store: PipelineDeps['store'], sourceId: string, documents: SourceDocuments): Promise<void> {
  for (const [url, state] of documents.states()) await store.setFetchState(sourceId, url, state);
}

/** Where the source's entry document is read from: its URL, or (the CLI) a local file. */
export function locationOf(source: HarvestSource, options: HarvestOptions): SourceLocation {
  return options.localPath !== undefined ? { kind: 'file', path: options.localPath } : { kind: 'url', url: source.url };
}

/** How one harvest of the source fetches: its policy, Accept, caps, remembered validators and authentication header. */
export function documentDepsOf(source: HarvestSource, harvester: Harvester, deps: PipelineDeps, options: HarvestOptions): SourceDocumentsDeps {
  const base = deps.policyFor?.(source) ?? deps.policy;
  const policy: FetchPolicy = source.timeoutMs !== undefined ? { ...base, totalTimeoutMs: source.timeoutMs } : base;
  return {
    policy,
    accept: source.accept ?? harvester.accept,
    maxDocuments: deps.maxPages,
    // Everything besides the bytes that the records depend on (see SourceDocumentsDeps.fingerprint).
    fingerprint: JSON.stringify([source.kind, source.url, source.publisher, source.profile ?? deps.defaultProfile, source.quarantineInvalid, deps.baseUrl]),
    getFetchState: (url) => deps.store.getFetchState(source.id, url),
    ...(deps.fetchHooks ? { hooks: deps.fetchHooks } : {}),
    ...(options.signal ? { signal: options.signal } : {}),
    ...(options.onProgress !== undefined ? { onDocument: (documents: number) => options.onProgress!({ phase: 'reading', documents, processed: 0, records: 0 }) } : {}),
    ...(source.authentication !== undefined && options.localPath === undefined ? { credentials: credentialsOf(source, deps.secrets) } : {}),
  };
}

/** The source's authentication header, opened: a run that cannot open it fails naming the cause (nothing is lost). */
function credentialsOf(source: HarvestSource, secrets: SecretBox | undefined): { origin: string; header: string; value: string } {
  const auth = source.authentication!;
  if (secrets === undefined) {
    throw new DocumentReadError('fetch', source.url, `The source has an authentication header (${auth.header}), but SOURCE_SECRET_KEY is not set, so it cannot be opened. Set the key it was stored with.`);
  }
  let value: string;
  try {
    value = secrets.open(auth.sealed, source.id);
  } catch {
    throw new DocumentReadError('fetch', source.url, `The source's authentication header (${auth.header}) cannot be opened with SOURCE_SECRET_KEY: it was stored with another key. Set the old key, or set the header again.`);
  }
  return { origin: new URL(source.url).origin, header: auth.header, value };
}

export type ReadAndSplit =
  | { readonly kind: 'not-modified'; readonly documents: number; readonly fetched?: SourceDocuments }
  | { readonly kind: 'split'; readonly split: SplitResult; readonly documents: number; readonly notes: readonly string[]; readonly fetched: SourceDocuments };

/**
 * Reads the source with its harvester's reader and splits the payload. The payload stays in here: once
 * split, only the records live on (a parsed graph is the largest thing a harvest holds).
 */
export async function readAndSplit(
  harvester: Harvester,
  source: HarvestSource,
  location: SourceLocation,
  documentDeps: SourceDocumentsDeps,
  baseUrl: string,
  signal: AbortSignal | undefined,
): Promise<ReadAndSplit> {
  let documents = new SourceDocuments(location, documentDeps);
  let read = await harvester.reader.read(documents, signal);
  if (read.kind === 'not-modified' && (await documents.referencesChanged())) {
    // The source is unchanged but a document it references is not: read everything again, in full.
    documents = new SourceDocuments(location, { ...documentDeps, unconditional: true });
    read = await harvester.reader.read(documents, signal);
  }
  if (read.kind === 'not-modified') return documents.payloadMatched ? { ...read, fetched: documents } : read;
  documents.startSplit();
  const split = await harvester.split(read.payload, {
    sourceId: source.id,
    sourceUrl: source.url,
    publisher: source.publisher,
    baseUrl,
    documents,
    ...(source.followEndpointDescriptions === false ? { followEndpointDescriptions: false } : {}),
    ...(signal ? { signal } : {}),
  });
  return { kind: 'split', split, documents: read.documents, notes: read.notes, fetched: documents };
}

function toWrite(d: Extract<RecordDecision, { action: 'write' }>, source: HarvestSource, report: ValidationReport | null, quarantine: boolean, at: string): RecordWrite {
  return {
    id: d.id,
    iri: d.iri,
    kind: d.record.kind,
    sourceId: source.id,
    catalogId: d.catalogId,
    hash: d.hash,
    status: quarantine ? 'quarantined' : 'published',
    issued: d.issued ?? at,
    modified: at,
    graph: d.graph,
    validation: report,
    ...(d.record.artefacts !== undefined && d.record.artefacts.length > 0 ? { artefacts: d.record.artefacts } : {}),
  };
}

function reasonOf(signal: AbortSignal): string {
  const reason: unknown = signal.reason;
  return reason instanceof Error ? reason.message : typeof reason === 'string' ? reason : 'aborted';
}

function conflictProblem(d: Extract<RecordDecision, { action: 'conflict' }>): Problem {
  return {
    kind: 'conflict',
    resource: d.iri,
    message: `This resource is already published by another harvest source (${d.ownerSourceId}). A resource IRI belongs to one source; it was not merged. Remove it from one of the sources or ask the catalog to move it.`,
  };
}

function invalidProblem(iri: string, report: ValidationReport, quarantined: boolean): Problem {
  const first = report.results.find((r) => r.severity === 'violation');
  const n = report.counts.violation;
  const what = quarantined ? 'kept out of publication (quarantined)' : 'published with its validation report';
  return {
    kind: 'invalid',
    resource: iri,
    message: `${n} ${n === 1 ? 'violation' : 'violations'} of ${report.profile}; ${what}. ${first ? `First: ${first.message.en}` : ''}`.trim(),
  };
}
