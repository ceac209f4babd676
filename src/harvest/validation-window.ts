import type { Validator } from '../core/ports/validator.js';
import type { ValidationReport } from '../core/validation-report.js';
import type { RecordDecision } from './change-detector.js';

export type Settle = (report: ValidationReport | undefined, error: Error | undefined) => Promise<void>;

/**
 * Keeps a bounded number of validations in flight (the validator is a worker pool), and settles
 * them in submission order so batches of writes stay in a predictable order.
 */
export class ValidationWindow {
  readonly #queue: { promise: Promise<ValidationReport>; settle: Settle }[] = [];
  constructor(
    private readonly validator: Validator,
    private readonly width: number,
  ) {}

  async submit(d: Extract<RecordDecision, { action: 'write' }>, profile: string, settle: Settle): Promise<void> {
    const promise = this.validator.validate({ ntriples: d.graph, profile });
    promise.catch(() => undefined); // settled below, in order
    this.#queue.push({ promise, settle });
    while (this.#queue.length >= this.width) await this.#settleOldest();
  }

  async drain(): Promise<void> {
    while (this.#queue.length > 0) await this.#settleOldest();
  }

  async #settleOldest(): Promise<void> {
    const head = this.#queue.shift()!;
    let report: ValidationReport | undefined;
    let error: Error | undefined;
    try {
      report = await head.promise;
    } catch (e) {
      error = e as Error;
    }
    await head.settle(report, error);
  }
}
