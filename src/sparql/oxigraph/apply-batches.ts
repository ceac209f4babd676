import type { GraphReplacement } from '../../core/ports/sparql-index.js';
import type { GraphLoadError } from './replica-protocol.js';

/** Part of an apply batch, applied by a replica in one go; chunks of all batches are applied in `order`. */
export interface ApplyChunk {
  /** The batch it belongs to (batches are numbered from 1 in the order apply() got them). */
  readonly seq: number;
  /** Its place among all chunks (increasing): a replica applies its chunks in this order. */
  readonly order: number;
  readonly changes: readonly GraphReplacement[];
  /** The batch's last chunk: once applied, the replica holds the whole batch. */
  readonly last: boolean;
}

/** Limits of one chunk: applying it holds its replica's thread, so queries never wait long behind one. */
export interface ChunkLimits {
  readonly maxGraphs: number;
  /** Characters of N-Triples. */
  readonly maxChars: number;
}

interface OpenBatch {
  readonly resolve: (errors: readonly GraphLoadError[]) => void;
  /** Load errors per replica number, gathered chunk by chunk. */
  readonly errors: Map<number, GraphLoadError[]>;
}

/**
 * Apply batches on their way into the replicas. A batch is cut into chunks that every replica applies
 * in order, between queries; the batch is done (its promise resolves with the graphs that could not be
 * loaded) as soon as one replica holds all of it. From then on it is visible: a query that arrives later
 * runs only on a replica that holds it (`visibleSeq`), so a replica running a long query does not hold
 * up the harvest's projection, and a reader never sees the index go back in time.
 */
export class ApplyBatches {
  readonly #open = new Map<number, OpenBatch>();
  #seq = 0;
  #order = 0;
  #visible = 0;

  constructor(private readonly limits: ChunkLimits) {}

  /** The last batch handed out. */
  get latestSeq(): number {
    return this.#seq;
  }

  /** Every batch up to this one is done: later queries must see it. */
  get visibleSeq(): number {
    return this.#visible;
  }

  /** Batches not yet done. */
  get openCount(): number {
    return this.#open.size;
  }

  /** A new batch: its chunks (for every replica) and a promise of its load errors, settled when one replica holds it all. */
  add(changes: readonly GraphReplacement[]): { readonly chunks: readonly ApplyChunk[]; readonly done: Promise<readonly GraphLoadError[]> } {
    const seq = ++this.#seq;
    const chunks: ApplyChunk[] = [];
    let part: GraphReplacement[] = [];
    let chars = 0;
    const flush = (last: boolean): void => {
      chunks.push({ seq, order: ++this.#order, changes: part, last });
      part = [];
      chars = 0;
    };
    for (const change of changes) {
      const size = change.ntriples?.length ?? 0;
      if (part.length > 0 && (part.length >= this.limits.maxGraphs || chars + size > this.limits.maxChars)) flush(false);
      part.push(change);
      chars += size;
    }
    flush(true);
    const done = new Promise<readonly GraphLoadError[]>((resolve) => this.#open.set(seq, { resolve, errors: new Map() }));
    return { chunks, done };
  }

  /** A replica applied a chunk (with these load errors): the batch is done when it was the batch's last and none is done yet. */
  applied(replica: number, chunk: ApplyChunk, errors: readonly GraphLoadError[]): void {
    const batch = this.#open.get(chunk.seq);
    if (batch === undefined) return; // another replica finished it first
    if (errors.length > 0) batch.errors.set(replica, [...(batch.errors.get(replica) ?? []), ...errors]);
    if (chunk.last) this.#finish(chunk.seq, batch.errors.get(replica) ?? []);
  }

  /**
   * Settles every open batch without errors: used when no replica is ready to apply them (all are
   * loading, or the pool shuts down). Loading replicas replay them before they serve.
   */
  settleAll(): void {
    for (const seq of [...this.#open.keys()].sort((a, b) => a - b)) this.#finish(seq, []);
  }

  #finish(seq: number, errors: readonly GraphLoadError[]): void {
    const batch = this.#open.get(seq)!;
    this.#open.delete(seq);
    if (seq > this.#visible) this.#visible = seq;
    batch.resolve(errors);
  }
}

/** Chunks of both lists, each once, in apply order (a restarted replica's own backlog and what the replica it was copied from had yet to apply). */
export function mergeChunks(a: readonly ApplyChunk[], b: readonly ApplyChunk[]): ApplyChunk[] {
  const byOrder = new Map<number, ApplyChunk>();
  for (const c of a) byOrder.set(c.order, c);
  for (const c of b) byOrder.set(c.order, c);
  return [...byOrder.values()].sort((x, y) => x.order - y.order);
}

/**
 * How long a replica with chunks still to apply runs short queries after a chunk, ms: as long as the chunk
 * took, at least 50 and at most 250 ms. The harvest's changes and short queries then share the engine
 * about evenly while it is behind (time, not a count: under load a query's turn costs more in round trips
 * through the main thread than in the engine). With a fixed 250 ms after chunks of about 100 ms, a
 * 10 000-dataset harvest under load was published 37 s after it ended.
 */
export function queryWindowMs(lastChunkMs: number): number {
  return Math.min(250, Math.max(50, lastChunkMs));
}
