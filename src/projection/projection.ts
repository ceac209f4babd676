import type { StoredRecord } from '../core/catalog-record.js';
import type { ResourceKind } from '../core/resource-kind.js';

/** One record as a projection sees it after a change: its current row, or null when it is gone from the store. */
export interface ProjectedRecord {
  readonly id: string;
  /** The current row (any status); projections publish only `published` ones and drop the rest. */
  readonly record: StoredRecord | undefined;
}

/**
 * A read model kept in step with the store's change log (the SPARQL index, the search index).
 * Persistent projections keep their cursor in the store and catch up after a restart; volatile ones
 * (the in-memory SPARQL index) are rebuilt from the store at start.
 */
export interface Projection {
  readonly name: string;
  readonly persistent: boolean;
  /** The kinds of record it holds, when not every kind: a rebuild or a re-read reads only those. */
  readonly kinds?: readonly ResourceKind[];
  /**
   * The name of a persistent projection's cursor in the store (default: its name). A projection kept
   * on one node's disk while several nodes share the store (PostgreSQL) keeps a cursor of its own node.
   */
  readonly cursor?: string;
  /**
   * The index is shared by every node on the store (a SPARQL server, a search index in PostgreSQL): with a
   * writer lease (Projector) only its holder applies changes to it; the other nodes read it.
   */
  readonly shared?: boolean;
  /**
   * The projection reads no other projection's state and none reads its, and its writes are another process's work
   * (a SPARQL server): the Projector has it follow the change log at its own pace, beside the others, instead of
   * taking each batch to all projections in turn. The others keep their order, batch by batch (search reads the
   * relations index and the harvested labels). Left out for the embedded SPARQL
   * index, whose work shares this process's two cores: side by side it was measured no faster (README, scaling out).
   */
  readonly alongside?: boolean;
  /**
   * Applies changed records; must be idempotent (a batch may be applied twice after a crash). `signal`
   * aborts when the writer lease of a shared index is lost: writes still to send are not sent. `fence` is the
   * writer's claim (see claim): an index that checks it refuses the write with WritesFencedError once another
   * writer has claimed it since.
   */
  apply(changes: readonly ProjectedRecord[], signal?: AbortSignal, fence?: string): Promise<void>;
  /**
   * A projection whose apply() may return before its index holds the changes (the embedded SPARQL index: its
   * replicas load them in their own threads while the lane goes on to the next projection) resolves this once
   * everything applied so far is held, and rejects with the failure of what was not. The Projector awaits it at the
   * end of each pass, so sync() still resolves only once every change is in. A projection whose publication costs
   * the whole of its state (the harvested labels) publishes here, once per pass, instead of once per batch.
   */
  settled?(): Promise<void>;
  /**
   * A shared index that can refuse the writes of a node that lost the writer lease: records `fence` as its
   * writer's claim (the Projector calls it whenever this node takes the lease, before writing).
   */
  claim?(fence: string, signal?: AbortSignal): Promise<void>;
  /**
   * A persistent projection's index holds no complete build (it is new, or another version wrote it):
   * Projector.start rebuilds it from the store, when this node writes it, instead of catching up from its cursor.
   */
  readonly needsRebuild?: boolean;
  /**
   * A rebuild takes the published records in any order: it reads them in the store's fastest order
   * (`publishedRecords`'s 'stored'). Left out, in id order.
   */
  readonly rebuildsInAnyOrder?: boolean;
  /** Replaces the whole projection with the published records. */
  rebuild(published: AsyncIterable<readonly StoredRecord[]>): Promise<void>;
}
