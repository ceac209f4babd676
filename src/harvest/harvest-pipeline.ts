import type { RecordWrite } from '../core/catalog-record.js';
import { emptyCounts, type HarvestRun } from '../core/harvest-run.js';
import type { HarvestSource } from '../core/harvest-source.js';
import type { Problem } from '../core/problem.js';
import { DocumentReadError, type Harvester } from '../core/ports/harvester.js';
import type { Logger } from '../core/ports/logger.js';
import type { OrganisationRegister } from '../core/ports/organisation-register.js';
import { HarvestLeaseLostError, type LeaseFence } from '../core/ports/store.js';
import type { Validator } from '../core/ports/validator.js';
import { chooseProfile } from '../core/validation-profiles.js';
import type { ValidationReport } from '../core/validation-report.js';
import { decide, type RecordDecision } from './change-detector.js';
import { BatchWriter } from './batch-writer.js';
import type { SourceDocuments } from './source-documents.js';
import { documentDepsOf, locationOf, readAndSplit, type SourceReadDeps, type SourceReadOptions } from './source-read.js';
import { ValidationWindow } from './validation-window.js';
import { oversizedIriProblem } from './record-iri-limit.js';

/** What a harvest needs besides reading its source (SourceReadDeps). */
export interface PipelineDeps extends SourceReadDeps {
  readonly validator: Validator;
  /** The registered harvesters by source kind (harvesters/registry.ts). */
  readonly harvesters: ReadonlyMap<string, Harvester>;
  readonly logger: Logger;
  /** Called after each batch of records is committed, so projections can catch up at once. */
  readonly onCommit?: () => void;
  readonly now?: () => Date;
  /** Resolves publishers when sources are registered; without it, a well-formed organisation number is enough. */
  readonly organisations?: OrganisationRegister;
}

export interface HarvestOptions extends SourceReadOptions {
  /** The source's harvest lease the run holds (harvest-service.ts): its record writes commit only while it is the run's. */
  readonly lease?: LeaseFence;
  /** Called once the run is recorded in the store (state `running`). */
  readonly onStarted?: (run: HarvestRun) => void;
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
  for (const p of split.problems) run.problems.push(p);
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
