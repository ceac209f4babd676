import type { StoredRecord } from '../core/catalog-record.js';
import type { RelationsIndex } from '../core/ports/relations-index.js';
import type { ProjectedRecord, Projection } from './projection.js';

/**
 * Keeps the relations index (persistent: its own file, or tables in PostgreSQL) in step with the store. Every changed record
 * goes in with its current row, whatever its status (a removed record stays known so that links to
 * it answer "removed"); a record gone from the store is forgotten.
 */
export class RelationsProjection implements Projection {
  readonly name = 'relations';
  readonly persistent = true;
  /** Every record's relations are written alone: the order of the rebuild's pages does not matter. */
  readonly rebuildsInAnyOrder = true;

  readonly cursor: string;
  /** The default cursor: one index for every node on the store (PostgreSQL); a node's own index has a cursor of its own. */
  readonly shared: boolean;

  /** `cursor`: the store cursor's name, when the index is this node's own beside a shared store. */
  constructor(
    private readonly index: RelationsIndex,
    cursor = 'relations',
  ) {
    this.cursor = cursor;
    this.shared = cursor === 'relations';
  }

  get needsRebuild(): boolean {
    return this.index.needsRebuild;
  }

  async apply(changes: readonly ProjectedRecord[], signal?: AbortSignal): Promise<void> {
    // A node that lost the writer lease of a shared index writes nothing more (the next holder applies the batch again).
    signal?.throwIfAborted();
    const present: StoredRecord[] = [];
    const gone: string[] = [];
    for (const c of changes) {
      if (c.record === undefined) gone.push(c.id);
      else present.push(c.record);
    }
    if (gone.length > 0) await this.index.forget(gone);
    if (present.length > 0) await this.index.upsert(present);
  }

  async rebuild(published: AsyncIterable<readonly StoredRecord[]>): Promise<void> {
    await this.index.rebuild(published);
  }
}
