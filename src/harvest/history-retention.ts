import type { Logger } from '../core/ports/logger.js';
import type { Store } from '../core/ports/store.js';

/** How often the retention policy is applied. */
const EVERY_MS = 3600e3;

/**
 * The history's retention policy (HISTORY_RETENTION): once at start and every hour, versions published
 * longer ago than `retentionMs` are dropped, each record keeping the version it had then as a base
 * (Store.pruneVersions). 0 keeps everything.
 */
export class HistoryRetention {
  #timer: NodeJS.Timeout | undefined;
  constructor(
    private readonly store: Store,
    private readonly retentionMs: number,
    private readonly logger: Logger,
    private readonly now: () => number = Date.now,
  ) {}

  /** Applies the policy once; the number of versions dropped. */
  async apply(): Promise<number> {
    if (this.retentionMs <= 0) return 0;
    const before = new Date(this.now() - this.retentionMs).toISOString();
    const dropped = await this.store.pruneVersions(before);
    if (dropped > 0) this.logger.info({ dropped, before }, 'history retention: versions older than the retention dropped');
    return dropped;
  }

  start(): void {
    if (this.retentionMs <= 0) return;
    const run = (): void => void this.apply().catch((error: unknown) => this.logger.error({ err: error }, 'history retention failed'));
    run();
    this.#timer = setInterval(run, EVERY_MS);
    this.#timer.unref();
  }

  stop(): void {
    if (this.#timer) clearInterval(this.#timer);
  }
}
