import { randomUUID } from 'node:crypto';
import type { HarvestRun } from '../core/harvest-run.js';
import type { HarvestSource } from '../core/harvest-source.js';
import type { Logger } from '../core/ports/logger.js';
import type { Store } from '../core/ports/store.js';
import { dueAt, type SchedulePolicy } from './schedule-policy.js';

/** The node lease of the harvest scheduler: one node schedules at a time across every process sharing the store. */
export const SCHEDULER_LEASE = 'harvest-scheduler';
/** How long the scheduler's lease lasts unless renewed (SCHEDULER_LEASE_TTL); renewed every third of it. */
export const SCHEDULER_LEASE_TTL_MS = 60_000;

/** What the scheduler starts harvests with: the harvest service of this process. */
export interface HarvestStarter {
  harvest(source: HarvestSource): Promise<HarvestRun>;
  isRunning(sourceId: string): boolean;
  /** Harvests running in this process. */
  readonly runningCount: number;
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
export class HarvestScheduler {
  readonly #holder = randomUUID();
  #timer: NodeJS.Timeout | undefined;
  #ticking: Promise<void> | undefined;
  /** The latest round: taking the scheduler lease, then its tick. */
  #round: Promise<void> | undefined;
  #leading: Promise<boolean> | undefined;
  #held = false;
  #stopped = false;

  constructor(
    private readonly store: Store,
    private readonly starter: HarvestStarter,
    private readonly logger: Logger,
    private readonly options: { readonly now?: () => Date; readonly leaseTtlMs?: number } = {},
  ) {}

  /** Whether this process holds the scheduler lease now (it schedules the harvests of every node). */
  get isScheduler(): boolean {
    return this.#held;
  }

  /** Starts the checks (the first at once). */
  start(policy: SchedulePolicy, tickMs = Math.min(policy.intervalMs, 60_000)): void {
    const ttl = this.options.leaseTtlMs ?? SCHEDULER_LEASE_TTL_MS;
    // The lease is renewed every third of its time to live, also when checks for due sources are rarer.
    this.#timer = setInterval(() => this.#roundOf(policy), Math.max(10, Math.min(tickMs, Math.floor(ttl / 3))));
    this.#timer.unref();
    this.#roundOf(policy);
  }

  /** Resolves when the scheduling round under way (if any) has looked at every source and started what was due. */
  async roundDone(): Promise<void> {
    await this.#round;
    await this.#ticking;
  }

  /** Stops the checks; resolves when the check under way has started what it was going to. */
  async stop(): Promise<void> {
    this.#stopped = true;
    if (this.#timer) clearInterval(this.#timer);
    await this.#ticking?.catch(() => {});
  }

  /** Gives the lease up (after stop(), once this process's harvests have ended): another process takes over at its next check. */
  async release(): Promise<void> {
    await this.store.releaseNodeLease(SCHEDULER_LEASE, this.#holder).catch((error: unknown) => this.logger.warn({ err: error }, 'releasing the scheduler lease failed; it expires by itself'));
    this.#held = false;
  }

  #now(): Date {
    return this.options.now?.() ?? new Date();
  }

  #roundOf(policy: SchedulePolicy): void {
    if (this.#stopped || this.#leading !== undefined) return;
    const leading = this.#lead().finally(() => (this.#leading = undefined));
    this.#leading = leading;
    this.#round = leading.then((held) => {
      if (!held || this.#ticking !== undefined || this.#stopped) return;
      this.#ticking = this.#tick(policy)
        .catch((error: unknown) => this.logger.error({ err: error }, 'scheduled harvest round failed'))
        .finally(() => (this.#ticking = undefined));
    });
  }

  /** Takes or renews the scheduler lease; whether this process holds it. */
  async #lead(): Promise<boolean> {
    const was = this.#held;
    const ttl = this.options.leaseTtlMs ?? SCHEDULER_LEASE_TTL_MS;
    try {
      this.#held = !this.#stopped && (await this.store.acquireNodeLease(SCHEDULER_LEASE, this.#holder, ttl, Date.now()));
    } catch (error) {
      this.#held = false;
      this.logger.warn({ err: error }, 'the scheduler lease could not be taken or renewed; no harvests are scheduled from this process until it can');
    }
    if (this.#held && !was) {
      this.logger.info({ leaseTtlMs: ttl }, 'this process schedules the harvests (it holds the scheduler lease)');
      const interrupted = await this.store.interruptRunningRuns(this.#now().toISOString(), true);
      if (interrupted > 0) this.logger.warn({ interrupted }, 'harvest runs left running by a process that is gone were marked interrupted; they are due again');
    } else if (!this.#held && was) {
      this.logger.warn('this process no longer holds the scheduler lease: another schedules the harvests');
    }
    return this.#held;
  }

  /** Starts the harvests that are due, earliest first, within the concurrency. */
  async #tick(policy: SchedulePolicy): Promise<void> {
    const sources = await this.store.listSources();
    const leased = new Set(await this.store.leasedSources(this.#now().getTime()));
    const due: { source: HarvestSource; at: number }[] = [];
    for (const source of sources) {
      if (this.#stopped) return;
      if (source.active === false || this.starter.isRunning(source.id) || leased.has(source.id)) continue;
      const runs = await this.store.listRuns({ sourceId: source.id, limit: 8 });
      const at = dueAt(source, runs, policy);
      if (at <= this.#now().getTime()) due.push({ source, at });
    }
    due.sort((a, b) => a.at - b.at);
    for (const { source } of due) {
      if (this.#stopped || this.starter.runningCount >= policy.concurrency) return;
      this.starter.harvest(source).catch((error: unknown) => this.logger.warn({ err: error, sourceId: source.id }, 'scheduled harvest not started'));
    }
  }
}
