import { randomUUID } from 'node:crypto';
import type { DryRunReport } from '../core/dry-run-report.js';
import { ConflictError, NotFoundError, SourcePausedError, SourceSecretsUnavailableError } from '../core/errors.js';
import type { HarvestRun } from '../core/harvest-run.js';
import type { HarvestSource } from '../core/harvest-source.js';
import type { HarvestControl } from '../core/ports/harvest-control.js';
import type { Logger } from '../core/ports/logger.js';
import { dryRunHarvest } from './dry-run.js';
import { runHarvest, type HarvestOptions, type PipelineDeps } from './harvest-pipeline.js';
import { applySourcePatch, buildSource, readAuthentication, sourceKindsOf, type AuthenticationInput, type RegistrationRules } from './source-registration.js';
import { dueAt, type SchedulePolicy } from './schedule-policy.js';

/** How long a harvest lease lasts unless renewed; renewed every third of it while the run lasts. */
export const LEASE_TTL_MS = 60_000;

/** The node lease of the harvest scheduler: one node schedules at a time across every process sharing the store. */
export const SCHEDULER_LEASE = 'harvest-scheduler';
/** How long the scheduler's lease lasts unless renewed (SCHEDULER_LEASE_TTL); renewed every third of it. */
export const SCHEDULER_LEASE_TTL_MS = 60_000;

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
  #timer: NodeJS.Timeout | undefined;
  #ticking: Promise<void> | undefined;
  /** The latest round: taking the scheduler lease, then its tick. */
  #round: Promise<void> | undefined;
  #closed = false;
  readonly #leaseTtlMs: number;
  readonly #finishedListeners = new Set<(run: HarvestRun) => void>();
  /** This process's holder id of the scheduler lease, while it schedules (see schedule). */
  #scheduling: string | undefined;
  #schedulerHeld = false;

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
    const done = this.#leased(source, () => runHarvest(source, this.deps, { ...options, signal }))
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

  /** Runs `work` holding the source's lease, renewed while it lasts, released at its end. */
  async #leased(source: HarvestSource, work: () => Promise<HarvestRun>): Promise<HarvestRun> {
    const { store } = this.deps;
    const holder = randomUUID();
    const ttl = this.#leaseTtlMs;
    if (!(await store.acquireLease(source.id, holder, ttl, Date.now()))) {
      throw new ConflictError(`A harvest of source ${source.id} is already running in another process that shares this catalog's store; try again when it has ended.`);
    }
    const renew = setInterval(() => {
      store.renewLease(source.id, holder, ttl, Date.now()).then(
        (kept) => {
          if (!kept) this.logger.error({ sourceId: source.id }, 'the harvest lease of this source was lost (the store was unreachable past its expiry); the run goes on');
        },
        (error: unknown) => this.logger.warn({ err: error, sourceId: source.id }, 'renewing the harvest lease failed'),
      );
    }, Math.max(10, Math.floor(ttl / 3)));
    renew.unref();
    try {
      return await work();
    } finally {
      clearInterval(renew);
      await store.releaseLease(source.id, holder).catch((error: unknown) => this.logger.warn({ err: error, sourceId: source.id }, 'releasing the harvest lease failed; it expires by itself'));
    }
  }

  /** Whether this process holds the scheduler lease now (it schedules the harvests of every node). */
  get isScheduler(): boolean {
    return this.#schedulerHeld;
  }

  /**
   * Harvests every source when it is due (see schedule-policy.ts: its interval from its last run,
   * spread by jitter; sooner after an interrupted run, later after failures), at most
   * `policy.concurrency` at once in this process, never one another process is harvesting. Checks
   * every `tickMs` (default: a minute, or the interval when shorter).
   *
   * One process schedules at a time among all that share the store: the holder of the scheduler lease
   * (SCHEDULER_LEASE), which it renews every third of its time to live; the others try to take it at
   * each check and serve meanwhile. A holder that stops releases it; one that dies loses it as soon as
   * the store can tell (PostgreSQL: its connection is gone; SQLite: its process is gone) or it expires.
   * The taker marks the runs the dead holder left running interrupted, so they are due again at once.
   */
  schedule(policy: SchedulePolicy, tickMs = Math.min(policy.intervalMs, 60_000)): void {
    if (policy.intervalMs <= 0) return;
    const now = this.deps.now ?? (() => new Date());
    const { store } = this.deps;
    const holder = randomUUID();
    const ttl = this.options.schedulerLeaseTtlMs ?? SCHEDULER_LEASE_TTL_MS;
    this.#scheduling = holder;
    const lead = async (): Promise<boolean> => {
      const was = this.#schedulerHeld;
      try {
        this.#schedulerHeld = !this.#closed && (await store.acquireNodeLease(SCHEDULER_LEASE, holder, ttl, Date.now()));
      } catch (error) {
        this.#schedulerHeld = false;
        this.logger.warn({ err: error }, 'the scheduler lease could not be taken or renewed; no harvests are scheduled from this process until it can');
      }
      if (this.#schedulerHeld && !was) {
        this.logger.info({ leaseTtlMs: ttl }, 'this process schedules the harvests (it holds the scheduler lease)');
        const interrupted = await store.interruptRunningRuns(now().toISOString(), true);
        if (interrupted > 0) this.logger.warn({ interrupted }, 'harvest runs left running by a process that is gone were marked interrupted; they are due again');
      } else if (!this.#schedulerHeld && was) {
        this.logger.warn('this process no longer holds the scheduler lease: another schedules the harvests');
      }
      return this.#schedulerHeld;
    };
    const tick = async (): Promise<void> => {
      const sources = await this.deps.store.listSources();
      const leased = new Set(await this.deps.store.leasedSources(now().getTime()));
      const due: { source: HarvestSource; at: number }[] = [];
      for (const source of sources) {
        if (this.#closed) return;
        if (source.active === false || this.#running.has(source.id) || leased.has(source.id)) continue;
        const runs = await this.deps.store.listRuns({ sourceId: source.id, limit: 8 });
        const at = dueAt(source, runs, policy);
        if (at <= now().getTime()) due.push({ source, at });
      }
      due.sort((a, b) => a.at - b.at);
      for (const { source } of due) {
        if (this.#closed || this.#running.size >= policy.concurrency) return;
        this.harvest(source).catch((error: unknown) => this.logger.warn({ err: error, sourceId: source.id }, 'scheduled harvest not started'));
      }
    };
    let leading: Promise<boolean> | undefined;
    const round = (): void => {
      if (this.#closed || leading !== undefined) return;
      leading = lead().finally(() => (leading = undefined));
      this.#round = leading.then((held) => {
        if (!held || this.#ticking !== undefined || this.#closed) return;
        this.#ticking = tick()
          .catch((error: unknown) => this.logger.error({ err: error }, 'scheduled harvest round failed'))
          .finally(() => (this.#ticking = undefined));
      });
    };
    // The lease is renewed every third of its time to live, also when checks for due sources are rarer.
    this.#timer = setInterval(round, Math.max(10, Math.min(tickMs, Math.floor(ttl / 3))));
    this.#timer.unref();
    round();
  }

  /** Resolves when the scheduling round under way (if any) has looked at every source and started what was due. */
  async roundDone(): Promise<void> {
    await this.#round;
    await this.#ticking;
  }

  /**
   * Stops the schedule and the running harvests: each stops taking records, commits those in hand and
   * ends `interrupted`. Resolves when they have ended.
   */
  async close(): Promise<void> {
    this.#closed = true;
    if (this.#timer) clearInterval(this.#timer);
    for (const { abort } of this.#running.values()) abort.abort(new Error('the service is shutting down'));
    await Promise.allSettled([this.#ticking, ...[...this.#running.values()].map((r) => r.done)]);
    if (this.#scheduling !== undefined) {
      // Another process takes over the schedule at its next check, not when the lease would expire.
      await this.deps.store.releaseNodeLease(SCHEDULER_LEASE, this.#scheduling).catch((error: unknown) => this.logger.warn({ err: error }, 'releasing the scheduler lease failed; it expires by itself'));
      this.#schedulerHeld = false;
    }
  }
}
