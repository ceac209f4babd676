import { setImmediate as nextTurn } from 'node:timers/promises';
import type { StoredRecord } from '../core/catalog-record.js';
import type { HarvestedConcept, HarvestedVocabularySink } from '../core/ports/harvested-vocabulary.js';
import type { Logger } from '../core/ports/logger.js';
import type { Store, ValidationReplacement } from '../core/ports/store.js';
import type { Validator } from '../core/ports/validator.js';
import type { ValidationReport } from '../core/validation-report.js';

export interface ReferenceRevalidationOptions {
  readonly store: Pick<Store, 'publishedRecords' | 'replaceValidationReports'>;
  readonly validator: Pick<Validator, 'validate'>;
  readonly logger: Logger;
  /** Records validated at once (the validator is a worker pool that harvests share): a few, so a harvest's records are never far behind. */
  readonly concurrency?: number;
  /** Published records read from the store per page. */
  readonly pageSize?: number;
  /** Told the ids whose stored report was replaced (the service nudges the projector, which re-reads them). */
  readonly onReplaced?: (ids: readonly string[]) => void;
}

/** A pass's figures, for the log and tests. */
export interface RevalidationPass {
  readonly terms: number;
  readonly read: number;
  readonly judged: number;
  readonly replaced: number;
  readonly failed: number;
}

/**
 * Judges stored validation reports again when harvested reference data changes, so a dataset harvested
 * before its code arrived loses its violation once the reference source is harvested, without its own
 * source being harvested again (and a record whose code a re-harvest dropped gets its violation).
 *
 * It takes the harvested concepts from the hub, as the validators do (after them: src/main.ts adds it
 * second). The first set it gets is what the stored reports were judged with (the reference-labels
 * projection rebuilds from the store at start); each later set is compared with the one before, and the
 * terms added, dropped or moved to another scheme start a pass in the background:
 *
 * - every published record is read page by page, and one whose graph names a changed term (as an IRI
 *   anywhere in its canonical N-Triples) and has a report is validated again with its report's profile,
 *   `concurrency` at a time through the same validator the harvests use (their records queue beside these,
 *   never behind a whole pass);
 * - a report that differs replaces the stored one, only while the record still has the graph it was
 *   judged on (`Store.replaceValidationReports`: a harvest that wrote it since wins), with a change-log
 *   entry so search, SPARQL and the quality score re-read it. Graph, status and history are untouched;
 * - a record whose validation fails keeps its old report (logged); a failing page ends the pass (logged)
 *   and the terms wait for the next change. Changes during a pass start another pass after it.
 *
 * Bounded: a pass reads each published record once and validates only those naming a changed term.
 * Not resumed after a restart (a pass cut short leaves the rest with their old reports until their next
 * harvest or the next change of reference data), and quarantined records are not judged again (their
 * status is the harvest's decision).
 */
export class ReferenceRevalidation implements HarvestedVocabularySink {
  readonly #o: ReferenceRevalidationOptions;
  /** The schemes of each concept at the last change; undefined until the first set arrives. */
  #known: Map<string, string> | undefined;
  readonly #pending = new Set<string>();
  #running: Promise<void> | undefined;
  #closed = false;
  /** The last pass's figures. */
  lastPass: RevalidationPass | undefined;

  constructor(options: ReferenceRevalidationOptions) {
    this.#o = options;
  }

  useHarvestedConcepts(concepts: readonly HarvestedConcept[]): void {
    const next = new Map(concepts.map((c) => [c.iri, [...c.schemes].sort().join(' ')]));
    const known = this.#known;
    this.#known = next;
    if (known === undefined) return;
    for (const [iri, schemes] of next) if (known.get(iri) !== schemes) this.#pending.add(iri);
    for (const iri of known.keys()) if (!next.has(iri)) this.#pending.add(iri);
    if (this.#pending.size > 0) this.#start();
  }

  /** Resolves when no pass is running or waiting (tests, shutdown). */
  async idle(): Promise<void> {
    while (this.#running !== undefined) await this.#running;
  }

  /** Stops after the record batch under way; resolves when the pass has ended. */
  async close(): Promise<void> {
    this.#closed = true;
    await this.idle();
  }

  #start(): void {
    if (this.#running !== undefined || this.#closed) return;
    this.#running = this.#pass()
      .catch((error: unknown) => this.#o.logger.warn({ err: error }, 'judging stored validation reports again failed; they stay as they were until the next change of reference data'))
      .finally(() => {
        this.#running = undefined;
        if (this.#pending.size > 0) this.#start();
      });
  }

  async #pass(): Promise<void> {
    const terms = new Set(this.#pending);
    this.#pending.clear();
    const concurrency = Math.max(1, this.#o.concurrency ?? 4);
    let read = 0;
    let judged = 0;
    let replaced = 0;
    let failed = 0;
    for await (const page of this.#o.store.publishedRecords(this.#o.pageSize ?? 500)) {
      if (this.#closed) break;
      read += page.length;
      const candidates = page.filter((r) => r.validation !== null && namesAny(r.graph, terms));
      for (let i = 0; i < candidates.length && !this.#closed; i += concurrency) {
        const batch = candidates.slice(i, i + concurrency);
        const reports = await Promise.all(batch.map((r) => this.#judge(r)));
        judged += batch.length;
        const updates: ValidationReplacement[] = [];
        for (const [j, report] of reports.entries()) {
          const record = batch[j]!;
          if (report === undefined) failed++;
          else if (JSON.stringify(report) !== JSON.stringify(record.validation)) updates.push({ id: record.id, hash: record.hash, validation: report });
        }
        if (updates.length > 0) {
          const ids = await this.#o.store.replaceValidationReports(updates);
          replaced += ids.length;
          if (ids.length > 0) this.#o.onReplaced?.(ids);
        }
      }
      await nextTurn();
    }
    this.lastPass = { terms: terms.size, read, judged, replaced, failed };
    this.#o.logger.info({ ...this.lastPass }, 'stored validation reports judged again after the reference data changed');
  }

  async #judge(record: StoredRecord): Promise<ValidationReport | undefined> {
    try {
      return await this.#o.validator.validate({ ntriples: record.graph, profile: record.validation!.profile });
    } catch (error) {
      this.#o.logger.warn({ err: error, record: record.id, iri: record.iri }, 'a record could not be judged again; it keeps its stored validation report');
      return undefined;
    }
  }
}

/** Whether canonical N-Triples name one of the IRIs (as `<iri>`), in one pass over the text. */
export function namesAny(ntriples: string, iris: ReadonlySet<string>): boolean {
  for (let start = ntriples.indexOf('<'); start !== -1; ) {
    const end = ntriples.indexOf('>', start + 1);
    if (end === -1) return false;
    if (iris.has(ntriples.slice(start + 1, end))) return true;
    start = ntriples.indexOf('<', end + 1);
  }
  return false;
}
