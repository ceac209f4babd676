import type { DryRunReport } from '../core/dry-run-report.js';
import { ConflictError, NotFoundError, SourcePausedError, SourceSecretsUnavailableError } from '../core/errors.js';
import type { HarvestRun } from '../core/harvest-run.js';
import type { HarvestSource } from '../core/harvest-source.js';
import type { HarvestControl } from '../core/ports/harvest-control.js';
import type { Logger } from '../core/ports/logger.js';
import { dryRunHarvest } from './dry-run.js';
import { runHarvest, type HarvestOptions, type PipelineDeps } from './harvest-pipeline.js';
import { applySourcePatch, buildSource, readAuthentication, sourceKindsOf, type AuthenticationInput, type RegistrationRules } from './source-registration.js';

/**
 * Runs harvests: one at a time per source (a second request for a running source is refused), and,
 * when an interval is set, every registered source on a schedule.
 */
export class HarvestService implements HarvestControl {
  readonly #running = new Map<string, Promise<HarvestRun>>();
  #timer: NodeJS.Timeout | undefined;
  #closed = false;

  constructor(
    private readonly deps: PipelineDeps,
    private readonly logger: Logger,
  ) {
    this.sourceKinds = sourceKindsOf(deps.harvesters);
  }

  /** The source kinds that can be registered, each with the validation profiles its sources may choose. */
  readonly sourceKinds: ReadonlyMap<string, readonly string[]>;

  isRunning(sourceId: string): boolean {
    return this.#running.has(sourceId);
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

  /** Runs one harvest of a source to its end (a failed run is a value, not an exception). */
  harvest(source: HarvestSource, options: HarvestOptions = {}): Promise<HarvestRun> {
    if (this.#closed) return Promise.reject(new ConflictError('The service is shutting down.'));
    if (this.#running.has(source.id)) return Promise.reject(new ConflictError(`A harvest of source ${source.id} is already running.`));
    const run = runHarvest(source, this.deps, options).finally(() => this.#running.delete(source.id));
    this.#running.set(source.id, run);
    return run;
  }

  /**
   * Harvests each source again once its last run is `intervalMs` old (checked every minute, or every
   * interval when that is shorter), so restarts neither skip nor repeat harvests.
   */
  schedule(intervalMs: number, now: () => number = Date.now): void {
    if (intervalMs <= 0) return;
    const due = async (source: HarvestSource): Promise<boolean> => {
      if (source.active === false) return false; // paused by its publisher
      const [last] = await this.deps.store.listRuns({ sourceId: source.id, limit: 1 });
      if (last === undefined) return true;
      return now() - Date.parse(last.endedAt ?? last.startedAt) >= (source.intervalMs ?? intervalMs);
    };
    const tick = async (): Promise<void> => {
      for (const source of await this.deps.store.listSources()) {
        if (this.#closed) return;
        if (this.#running.has(source.id) || !(await due(source))) continue;
        await this.harvest(source).catch((error: unknown) => this.logger.warn({ err: error, sourceId: source.id }, 'scheduled harvest not started'));
      }
    };
    this.#timer = setInterval(
      () => void tick().catch((error: unknown) => this.logger.error({ err: error }, 'scheduled harvest round failed')),
      Math.min(intervalMs, 60_000),
    );
    this.#timer.unref();
  }

  /** Stops the schedule and waits for running harvests. */
  async close(): Promise<void> {
    this.#closed = true;
    if (this.#timer) clearInterval(this.#timer);
    await Promise.allSettled([...this.#running.values()]);
  }
}
