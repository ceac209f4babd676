import type { RecordWrite } from '../core/catalog-record.js';
import type { LeaseFence, Store } from '../core/ports/store.js';

/** Collects record writes and commits them in batches (each record atomic in the store), under the run's lease when it has one. */
export class BatchWriter {
  #pending: RecordWrite[] = [];
  constructor(
    private readonly store: Store,
    private readonly size: number,
    private readonly onCommit: (() => void) | undefined,
    private readonly lease: LeaseFence | undefined,
  ) {}

  async add(write: RecordWrite): Promise<void> {
    this.#pending.push(write);
    if (this.#pending.length >= this.size) await this.flush();
  }

  async flush(): Promise<void> {
    if (this.#pending.length === 0) return;
    const batch = this.#pending;
    this.#pending = [];
    await this.store.writeRecords(batch, this.lease);
    this.onCommit?.();
  }
}
