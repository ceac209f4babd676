import type { Logger } from '../core/ports/logger.js';
import type { Store } from '../core/ports/store.js';
import { distributionUrls } from '../rdf/distribution-urls.js';
import type { UrlChecker } from './url-checker.js';

/**
 * Runs the URL checker in the background, every `intervalMs` (URL_CHECK_INTERVAL; 0: never): a round
 * walks the published datasets page by page and checks the access and download URLs whose result is
 * older than the time to live. One round at a time; a failing round is logged and the next one runs.
 * URL checks never delay a harvest: they read the store after the records are committed. After a round
 * in which a status changed, `onChanged` is called (the service re-projects the SPARQL graphs, whose
 * quality scores count the URL results).
 */
export class UrlCheckLoop {
  #timer: NodeJS.Timeout | undefined;
  #running: Promise<void> | undefined;
  #closed = false;

  constructor(
    private readonly store: Pick<Store, 'publishedRecords'>,
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
    this.#running ??= this.#round().finally(() => (this.#running = undefined));
    return this.#running;
  }

  async #round(): Promise<void> {
    let checked = 0;
    let failing = 0;
    let deferred = 0;
    let changed = 0;
    try {
      for await (const page of this.store.publishedRecords(500, ['dataset'])) {
        if (this.#closed) return;
        const urls = page.flatMap((r) => distributionUrls(r.graph).map((u) => u.url));
        if (urls.length === 0) continue;
        const round = await this.checker.checkStale(urls);
        checked += round.checked.length;
        failing += round.checked.filter((c) => c.status < 200 || c.status >= 300).length;
        deferred += round.deferred;
        changed += round.changed;
      }
      if (checked > 0 || deferred > 0) this.logger.info({ checked, failing, deferred, changed }, 'URL check round done');
      if (changed > 0) this.onChanged();
    } catch (error) {
      this.logger.warn({ err: error }, 'URL check round failed; the next round tries again');
    }
  }

  async close(): Promise<void> {
    this.#closed = true;
    if (this.#timer !== undefined) clearTimeout(this.#timer);
    await this.#running;
  }
}
