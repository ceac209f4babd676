import { OneAtATime } from '../core/one-at-a-time.js';
import type { HarvestRun } from '../core/harvest-run.js';
import type { StoredRecord } from '../core/catalog-record.js';
import type { Logger } from '../core/ports/logger.js';
import type { Store } from '../core/ports/store.js';
import { recordUrls } from '../rdf/distribution-urls.js';
import { isScoredKind } from '../rdf/record-quality.js';
import type { UrlChecker } from './url-checker.js';

/**
 * Runs the URL checker in the background, every `intervalMs` (URL_CHECK_INTERVAL; 0: never): a round
 * walks the published datasets and data services page by page and checks the access and download URLs
 * of the datasets' distributions and the services' endpoint URLs whose result is
 * older than the time to live. After each harvest run that added or changed records, a round over the
 * datasets and data services that run wrote checks the URLs it introduced or changed (those without a fresh result; the
 * others were checked within the time to live), through the same checker: the same guard, allow-list
 * and per-host pacing. One round at a time (a harvest's round waits for a running one); a failing round
 * is logged and the next one runs.
 * URL checks never delay a harvest: they read the store after the records are committed. After a round
 * in which a status or media type changed, `onChanged` is called (the service re-projects the SPARQL graphs, whose
 * quality scores count the URL results).
 */
export class UrlCheckLoop {
  #timer: NodeJS.Timeout | undefined;
  #running: Promise<void> | undefined;
  /** Rounds run one after another, so one host is never asked by two at once. */
  readonly #rounds = new OneAtATime();
  #closed = false;
  /** Aborted by close(): the round under way stops asking (see UrlChecker.checkStale). */
  readonly #stop = new AbortController();

  constructor(
    private readonly store: Pick<Store, 'publishedRecords' | 'recordStatesOfSource' | 'getRecord'>,
    private readonly checker: UrlChecker,
    private readonly logger: Logger,
    private readonly intervalMs: number,
    private readonly onChanged: () => void = () => {},
  ) {}

  start(): void {
    if (this.intervalMs <= 0 || this.#closed) return;
    this.#timer = setTimeout(() => {
      void this.runOnce().finally(() => this.start());
    }, this.intervalMs);
    this.#timer.unref();
  }

  /** One round over every published dataset; resolves when it is over (a second call joins the running round). */
  runOnce(): Promise<void> {
    this.#running ??= this.#rounds.run(() => this.#round(this.#allDatasets(), {})).finally(() => (this.#running = undefined));
    return this.#running;
  }

  /**
   * The round after a harvest run: the URLs of the published datasets of the run's source that the run
   * added or changed (last changed at or after its start), when it added or changed any. Resolves when
   * that round is over; never rejects (a failing round is logged).
   */
  afterHarvest(run: Pick<HarvestRun, 'id' | 'sourceId' | 'startedAt' | 'counts'>): Promise<void> {
    if (this.#closed || run.counts.added + run.counts.changed === 0) return Promise.resolve();
    return this.#rounds.run(() => this.#round(this.#writtenBy(run), { sourceId: run.sourceId, runId: run.id }));
  }

  async *#allDatasets(): AsyncIterable<readonly StoredRecord[]> {
    yield* this.store.publishedRecords(500, ['dataset', 'data-service']);
  }

  /** The published datasets of the run's source whose last change is the run's (or a later one's). */
  async *#writtenBy(run: Pick<HarvestRun, 'sourceId' | 'startedAt'>): AsyncIterable<readonly StoredRecord[]> {
    const states = await this.store.recordStatesOfSource(run.sourceId);
    const since = Date.parse(run.startedAt);
    let page: StoredRecord[] = [];
    for (const state of states.values()) {
      if (!isScoredKind(state.kind) || state.status !== 'published' || !(Date.parse(state.modified) >= since)) continue;
      const record = await this.store.getRecord(state.id);
      if (record?.status === 'published') page.push(record);
      if (page.length >= 500) {
        yield page;
        page = [];
      }
    }
    if (page.length > 0) yield page;
  }

  async #round(datasets: AsyncIterable<readonly StoredRecord[]>, context: Readonly<Record<string, string>>): Promise<void> {
    let checked = 0;
    let failing = 0;
    let deferred = 0;
    let changed = 0;
    let tooLong = 0;
    try {
      for await (const page of datasets) {
        if (this.#closed) return;
        const urls = page.flatMap((r) => recordUrls(r).map((u) => u.url));
        if (urls.length === 0) continue;
        const round = await this.checker.checkStale(urls, this.#stop.signal);
        checked += round.checked.length;
        failing += round.checked.filter((c) => c.status < 200 || c.status >= 300).length;
        deferred += round.deferred;
        changed += round.changed;
        tooLong += round.tooLong;
      }
      if (checked > 0 || deferred > 0 || tooLong > 0) this.logger.info({ ...context, checked, failing, deferred, changed, tooLong }, 'URL check round done');
      if (changed > 0 && !this.#closed) this.onChanged();
    } catch (error) {
      this.logger.warn({ ...context, err: error }, 'URL check round failed; the next round tries again');
    }
  }

  /**
   * Stops the timed rounds and the round under way (its results so far are kept; a queued round does not
   * start), and resolves when it has ended: at once, not after the URLs left in it were asked one per
   * host interval (1 000 URLs on one host took over 16 minutes).
   */
  async close(): Promise<void> {
    this.#closed = true;
    this.#stop.abort();
    if (this.#timer !== undefined) clearTimeout(this.#timer);
    await this.#running;
    await this.#rounds.idle();
  }
}
