import type { PublisherQuality, PublisherQualityReport } from '../core/ports/publisher-quality.js';
import type { Store } from '../core/ports/store.js';
import { publisherQualityReport } from './publisher-quality-report.js';

export interface PublisherQualityReportsOptions {
  /**
   * How long a report stands while the change log has not moved (ms; default 5 minutes). URL checks
   * are not in the change log: a round on this node drops every report (`invalidate`), and this bounds
   * how long another node's round goes unseen.
   */
  readonly maxAgeMs?: number;
  /** How many publishers' reports are kept (default 256); the least recently asked for goes first. */
  readonly maxEntries?: number;
  readonly now?: () => number;
}

interface Entry {
  readonly changeSeq: number;
  readonly generation: number;
  readonly at: number;
  readonly report: PublisherQualityReport | undefined;
}

/**
 * Publishers' quality reports, computed once per state of the catalog: a report stands until the
 * change log moves, this node's URL checker changes a result, or it grows old (maxAgeMs). Requests for
 * one publisher while its report is computed wait for that computation. Scoring every record of a
 * publisher on each request took 2 s for 20 000 datasets, for anyone who asked.
 */
export class PublisherQualityReports implements PublisherQuality {
  readonly #entries = new Map<string, Entry>();
  readonly #computing = new Map<string, { readonly changeSeq: number; readonly generation: number; readonly entry: Promise<Entry> }>();
  #generation = 0;
  readonly #maxAgeMs: number;
  readonly #maxEntries: number;
  readonly #now: () => number;

  constructor(
    private readonly store: Store,
    private readonly baseUrl: string,
    options: PublisherQualityReportsOptions = {},
  ) {
    this.#maxAgeMs = options.maxAgeMs ?? 5 * 60_000;
    this.#maxEntries = options.maxEntries ?? 256;
    this.#now = options.now ?? Date.now;
  }

  /** The publisher's report (undefined when no source is registered for it). */
  async get(orgnr: string): Promise<PublisherQualityReport | undefined> {
    const changeSeq = await this.store.latestChangeSeq();
    const kept = this.#entries.get(orgnr);
    if (kept !== undefined && this.#current(kept, changeSeq)) {
      // Most recently used last.
      this.#entries.delete(orgnr);
      this.#entries.set(orgnr, kept);
      return kept.report;
    }
    // A computation for the same state of the catalog is joined; one begun before a change is not.
    let computing = this.#computing.get(orgnr);
    if (computing === undefined || computing.changeSeq !== changeSeq || computing.generation !== this.#generation) {
      const generation = this.#generation;
      const at = this.#now();
      const entry: Promise<Entry> = publisherQualityReport(this.store, this.baseUrl, orgnr)
        .then((report) => {
          const done = { changeSeq, generation, at, report };
          this.#keep(orgnr, done);
          return done;
        })
        .finally(() => {
          if (this.#computing.get(orgnr)?.entry === entry) this.#computing.delete(orgnr);
        });
      computing = { changeSeq, generation, entry };
      this.#computing.set(orgnr, computing);
    }
    return (await computing.entry).report;
  }

  /** Drops every report (the URL checker changed a result: scores and failing URLs change). */
  invalidate(): void {
    this.#generation++;
    this.#entries.clear();
  }

  #current(entry: Entry, changeSeq: number): boolean {
    return entry.changeSeq === changeSeq && entry.generation === this.#generation && this.#now() - entry.at < this.#maxAgeMs;
  }

  #keep(orgnr: string, entry: Entry): void {
    // A report begun before an invalidation is not kept: it may hold the old results.
    if (entry.generation !== this.#generation) return;
    this.#entries.delete(orgnr);
    this.#entries.set(orgnr, entry);
    while (this.#entries.size > this.#maxEntries) this.#entries.delete(this.#entries.keys().next().value!);
  }
}
