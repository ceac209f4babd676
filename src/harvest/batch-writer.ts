import type { RecordWrite } from '../core/catalog-record.js';
import type { Store } from '../core/ports/store.js';

/** Collects record writes and commits them in batches (each record atomic in the store). */
export class BatchWriter {
  #pending: RecordWrite[] = [];
  constructor(
    private readonly store: Store,
    private readonly size: number,
    private readonly onCommit: (() => void) | undefined,
  ) {}

  async add(write: RecordWrite): Promise<void> {
    this.#pending.push(write);
    if (this.#pending.length >= this.size) await this.flush();
  }

  async flush(): Promise<void> {
    if (this.#pending.length === 0) return;
    const batch = this.#pending;
    this.#pending = [];
    await this.store.writeRecords(batch);
    this.onCommit?.();
  }
}
