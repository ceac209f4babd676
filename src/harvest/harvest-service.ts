import { randomUUID } from 'node:crypto';
import type { DryRunReport } from '../core/dry-run-report.js';
import { ConflictError, NotFoundError, SourcePausedError, SourceSecretsUnavailableError } from '../core/errors.js';
import type { HarvestRun } from '../core/harvest-run.js';
import type { HarvestSource } from '../core/harvest-source.js';
import type { HarvestControl } from '../core/ports/harvest-control.js';
import type { Logger } from '../core/ports/logger.js';
import type { LeaseFence } from '../core/ports/store.js';
import { dryRunHarvest } from './dry-run.js';
import { runHarvest, type HarvestOptions, type PipelineDeps } from './harvest-pipeline.js';
import { applySourcePatch, buildSource, readAuthentication, sourceKindsOf, type AuthenticationInput, type RegistrationRules } from './source-registration.js';
import { HarvestScheduler } from './harvest-scheduler.js';
import type { SchedulePolicy } from './schedule-policy.js';

/** How long a harvest lease lasts unless renewed; renewed every third of it while the run lasts. */
export const LEASE_TTL_MS = 60_000;

export interface HarvestServiceOptions {
  /** Called when a run reaches its final state (the metrics count it). */
  readonly onFinished?: (run: HarvestRun) => void;
  readonly leaseTtlMs?: number;
  readonly schedulerLeaseTtlMs?: number;
}

/**
 * Runs harvests: exactly one at a time per source across every process sharing the store (a lease in
 * the store, renewed while the run lasts: a CLI harvest and the server's scheduler cannot race; a
 * second request is refused with 409), every registered source on a schedule, and stops running
 * harvests when the service shuts down (their runs end `interrupted`, what was committed stays).
 */
export class HarvestService implements HarvestControl {
  readonly #running = new Map<string, { done: Promise<HarvestRun>; abort: AbortController }>();
  #closed = false;
  readonly #leaseTtlMs: number;
  readonly #finishedListeners = new Set<(run: HarvestRun) => void>();
  /** The scheduler, once schedule() started it. */
  #scheduler: HarvestScheduler | undefined;

  constructor(
    private readonly deps: PipelineDeps,
    private readonly logger: Logger,
    private readonly options: HarvestServiceOptions = {},
  ) {
    this.sourceKinds = sourceKindsOf(deps.harvesters);
    this.#leaseTtlMs = options.leaseTtlMs ?? LEASE_TTL_MS;
  }

  /** The source kinds that can be registered, each with the validation profiles its sources may choose. */
  readonly sourceKinds: ReadonlyMap<string, readonly string[]>;

  /**
   * Calls `listener` with every run of this process that reaches its final state (after `onFinished`);
   * a listener that throws is logged and never fails the run. Returns the function that removes it.
   */
  onRunFinished(listener: (run: HarvestRun) => void): () => void {
    this.#finishedListeners.add(listener);
    return () => this.#finishedListeners.delete(listener);
  }

  isRunning(sourceId: string): boolean {
    return this.#running.has(sourceId);
  }

  /** Harvests running in this process. */
  get runningCount(): number {
    return this.#running.size;
  }

  get #rules(): RegistrationRules {
    return { allowLocalPath: false, sourceKinds: this.sourceKinds, now: this.deps.now ?? (() => new Date()) };
  }

  async register(input: Readonly<Record<string, unknown>>, authorise?: (publisher: string) => Promise<void>): Promise<HarvestSource> {
    const built = buildSource(input, this.#rules);
    await authorise?.(built.publisher);
    // The publisher must be an organisation the register knows (UnknownOrganisationError otherwise).
    await this.deps.organisations?.resolve(built.publisher);
    const existing = await this.deps.store.getSource(built.id);
    if (existing !== undefined) return existing;
    const source = this.#withAuthentication(built, readAuthentication(input.authentication, [], false));
    await this.deps.store.saveSource(source);
    this.logger.info({ sourceId: source.id, url: source.url, publisher: source.publisher }, 'harvest source registered');
    return source;
  }

  async update(sourceId: string, patch: Readonly<Record<string, unknown>>): Promise<HarvestSource> {
    const current = await this.#source(sourceId);
    const { source, authentication } = applySourcePatch(current, patch, this.#rules);
    const updated = this.#withAuthentication(source, authentication);
    await this.deps.store.saveSource(updated);
    this.logger.info({ sourceId, changed: Object.keys(patch) }, 'harvest source updated');
    return updated;
  }

  async setActive(sourceId: string, active: boolean): Promise<HarvestSource> {
    const { active: _was, ...current } = await this.#source(sourceId);
    const updated: HarvestSource = active ? current : { ...current, active: false };
    await this.deps.store.saveSource(updated);
    this.logger.info({ sourceId, active }, active ? 'harvest source resumed' : 'harvest source paused');
    return updated;
  }

  async dryRun(sourceId: string): Promise<DryRunReport> {
    return this.dryRunOf(await this.#source(sourceId));
  }

  /** A dry run of a source that need not be registered (the CLI's `harvest --dry-run`, a local file with `localPath`). */
  dryRunOf(source: HarvestSource, options: HarvestOptions = {}): Promise<DryRunReport> {
    return dryRunHarvest(source, this.deps, options);
  }

  async #source(sourceId: string): Promise<HarvestSource> {
    const source = await this.deps.store.getSource(sourceId);
    if (source === undefined) throw new NotFoundError(`No harvest source with id ${sourceId}.`);
    return source;
  }

  /** Seals a new authentication header into the source (null removes it, undefined keeps what it has). */
  #withAuthentication(source: HarvestSource, authentication: AuthenticationInput | undefined): HarvestSource {
    if (authentication === undefined) return source;
    const { authentication: _old, ...rest } = source;
    if (authentication === null) return rest;
    if (this.deps.secrets === undefined) {
      throw new SourceSecretsUnavailableError('This catalog cannot keep authentication headers: its operator has not set SOURCE_SECRET_KEY (the key they are encrypted with).');
    }
    return { ...rest, authentication: { header: authentication.header, sealed: this.deps.secrets.seal(authentication.value, source.id) } };
  }

  async remove(sourceId: string): Promise<void> {
    const source = await this.deps.store.getSource(sourceId);
    if (source === undefined) throw new NotFoundError(`No harvest source with id ${sourceId}.`);
    if (this.#running.has(sourceId)) throw new ConflictError(`Source ${sourceId} is being harvested; try again when the run has ended.`);
    if ((await this.deps.store.leasedSources(Date.now())).includes(sourceId)) {
      throw new ConflictError(`Source ${sourceId} is being harvested by another process that shares this catalog's store; try again when the run has ended.`);
    }
    // One transaction in the store: the source goes and its records become tombstones.
    await this.deps.store.deleteSource(sourceId);
    this.deps.onCommit?.();
  }

  async start(sourceId: string): Promise<{ run: HarvestRun; done: Promise<HarvestRun> }> {
    const source = await this.#source(sourceId);
    if (source.active === false) throw new SourcePausedError(`Source ${sourceId} is paused: resume it (POST /api/sources/${sourceId}/resume) to harvest it. A dry run works while it is paused.`);
    let started!: (run: HarvestRun) => void;
    const startedRun = new Promise<HarvestRun>((resolve) => (started = resolve));
    const done = this.harvest(source, { onStarted: (run) => started(run) });
    const run = await Promise.race([startedRun, done]);
    return { run, done };
  }

  /**
   * Runs one harvest of a source to its end (a failed run is a value, not an exception). Refused with
   * ConflictError when the source is being harvested, here or by another process sharing the store.
   */
  harvest(source: HarvestSource, options: HarvestOptions = {}): Promise<HarvestRun> {
    if (this.#closed) return Promise.reject(new ConflictError('The service is shutting down.'));
    if (this.#running.has(source.id)) return Promise.reject(new ConflictError(`A harvest of source ${source.id} is already running.`));
    const abort = new AbortController();
    const signal = options.signal === undefined ? abort.signal : AbortSignal.any([abort.signal, options.signal]);
    const done = this.#leased(source, abort, (lease) => runHarvest(source, this.deps, { ...options, signal, lease }))
      .then((run) => {
        this.options.onFinished?.(run);
        for (const listener of this.#finishedListeners) {
          try {
            listener(run);
          } catch (error) {
            this.logger.warn({ err: error, runId: run.id }, 'a listener of finished runs failed; the run is not affected');
          }
        }
        return run;
      })
      .finally(() => this.#running.delete(source.id));
    this.#running.set(source.id, { done, abort });
    return done;
  }

  /**
   * Runs `work` holding the source's lease, renewed while it lasts, released at its end. The run is stopped
   * (`abort`: it ends interrupted, what it committed stays) once the lease may count as free elsewhere: when this
   * node's liveness with the store is lost (server mode: the other nodes count its leases free from then on),
   * when a renewal finds the lease held by another process, or when no renewal has succeeded for a whole time
   * to live. Otherwise the scheduler of another node could start a second run of the source beside this one.
   * Between the loss and the moment this node hears of it, the run's record writes are refused by the store
   * itself once another process has taken the lease (`work` gets the lease as a LeaseFence for them).
   */
  async #leased(source: HarvestSource, abort: AbortController, work: (lease: LeaseFence) => Promise<HarvestRun>): Promise<HarvestRun> {
    const { store } = this.deps;
    const holder = randomUUID();
    const ttl = this.#leaseTtlMs;
    if (!(await store.acquireLease(source.id, holder, ttl, Date.now()))) {
      throw new ConflictError(`A harvest of source ${source.id} is already running in another process that shares this catalog's store; try again when it has ended.`);
    }
    const stop = (why: string): void => {
      if (abort.signal.aborted) return;
      this.logger.error({ sourceId: source.id }, `${why}; the run stops`);
      abort.abort(new Error(why));
    };
    const unwatch = store.watchLiveness(() => stop("this node's session with the store was lost, and with it the source's harvest lease counts as free on the other nodes"));
    let renewedAt = Date.now();
    const renew = setInterval(() => {
      const sent = Date.now();
      store.renewLease(source.id, holder, ttl, sent).then(
        (kept) => {
          if (kept) renewedAt = sent;
          else stop("the source's harvest lease is no longer this run's (another process took it, or this node's session with the store was lost)");
        },
        (error: unknown) => {
          this.logger.warn({ err: error, sourceId: source.id }, 'renewing the harvest lease failed');
          if (Date.now() - renewedAt >= ttl) stop(`the source's harvest lease could not be renewed for ${ttl} ms, its time to live, so another process may hold it`);
        },
      );
    }, Math.max(10, Math.floor(ttl / 3)));
    renew.unref();
    try {
      return await work({ sourceId: source.id, holder });
    } finally {
      clearInterval(renew);
      unwatch();
      await store.releaseLease(source.id, holder).catch((error: unknown) => this.logger.warn({ err: error, sourceId: source.id }, 'releasing the harvest lease failed; it expires by itself'));
    }
  }

  /** Whether this process holds the scheduler lease now (it schedules the harvests of every node). */
  get isScheduler(): boolean {
    return this.#scheduler?.isScheduler ?? false;
  }

  /**
   * Harvests every source when it is due, one process at a time among all that share the store
   * (harvest-scheduler.ts). Checks every `tickMs` (default: a minute, or the interval when shorter);
   * nothing is scheduled when the interval is 0.
   */
  schedule(policy: SchedulePolicy, tickMs = Math.min(policy.intervalMs, 60_000)): void {
    if (policy.intervalMs <= 0 || this.#closed) return;
    const scheduler = new HarvestScheduler(this.deps.store, this, this.logger, {
      ...(this.deps.now !== undefined ? { now: this.deps.now } : {}),
      ...(this.options.schedulerLeaseTtlMs !== undefined ? { leaseTtlMs: this.options.schedulerLeaseTtlMs } : {}),
    });
    this.#scheduler = scheduler;
    scheduler.start(policy, tickMs);
  }

  /** Resolves when the scheduling round under way (if any) has looked at every source and started what was due. */
  async roundDone(): Promise<void> {
    await this.#scheduler?.roundDone();
  }

  /**
   * Stops the schedule and the running harvests: each stops taking records, commits those in hand and
   * ends `interrupted`. Resolves when they have ended.
   */
  async close(): Promise<void> {
    this.#closed = true;
    const stopped = this.#scheduler?.stop();
    for (const { abort } of this.#running.values()) abort.abort(new Error('the service is shutting down'));
    await Promise.allSettled([stopped, ...[...this.#running.values()].map((r) => r.done)]);
    // Another process takes over the schedule at its next check, not when the lease would expire.
    await this.#scheduler?.release();
  }
}
