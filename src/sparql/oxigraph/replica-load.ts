import type { Logger } from '../../core/ports/logger.js';
import type { GraphReplacement } from '../../core/ports/sparql-index.js';
import { checkGraphNames, loadError } from './pool-failures.js';
import type { Replica } from './pool-task.js';
import type { ApplyOutcome } from './replica-protocol.js';

const LOAD_WINDOW = 2;

/** Figures of the last complete load of the replicas. */
export interface LoadFigures {
  readonly graphs: number;
  readonly quads: number;
  readonly ms: number;
  readonly quadsPerSecond: number;
}

/** What a load needs of the replica pool (OxigraphSparqlIndex). */
export interface LoadPool {
  /** A loaded replica serves: it applies what arrived while it loaded before it takes queries that need it. */
  open(replica: Replica): void;
  /** A load is complete, with these figures. */
  loaded(figures: LoadFigures): void;
}

/**
 * Loads batches into loading replicas (the same batches into all), then replays each one's backlog
 * and lets it serve. A replica whose thread is replaced meanwhile drops out. Throws, once the others
 * serve, when graphs could not be loaded.
 */
export async function loadReplicas(pool: LoadPool, replicas: readonly Replica[], batches: AsyncIterable<readonly GraphReplacement[]>, logger: Logger): Promise<void> {
  const targets = replicas.filter((r) => r.state === 'loading').map((r) => ({ r, generation: r.generation }));
  const live = (): typeof targets => targets.filter((t) => t.r.generation === t.generation);
  await Promise.all(live().map((t) => t.r.thread.ready.catch(() => {}))); // a thread that fails to start is restarted by its exit handler and drops out of live()
  const started = performance.now();
  const errors = new Map<string, string>();
  let graphs = 0;
  const inFlight: Promise<unknown>[] = [];
  for await (const batch of batches) {
    if (live().length === 0) return;
    checkGraphNames(batch);
    graphs += batch.length;
    const copy = [...batch];
    inFlight.push(
      Promise.all(
        live().map((t) =>
          t.r.thread.request({ op: 'load', changes: copy }).then(
            (outcome: ApplyOutcome) => outcome.errors.forEach((e) => errors.set(e.graph, e.message)),
            () => {}, // a thread that died is being restarted from loadAll by its exit handler
          ),
        ),
      ),
    );
    if (inFlight.length >= LOAD_WINDOW) await inFlight.shift();
  }
  await Promise.all(inFlight);
  const done = live();
  for (const t of done) pool.open(t.r);
  if (done.length > 0) {
    const quads = await done[0]!.r.thread.request({ op: 'size' }).catch(() => 0); // only the log's figure; the load itself succeeded
    const ms = performance.now() - started;
    const figures = { graphs, quads, ms: Math.round(ms), quadsPerSecond: Math.round(quads / Math.max(ms / 1000, 0.001)) };
    pool.loaded(figures);
    logger.info({ ...figures, replicas: done.map((t) => t.r.number) }, 'SPARQL index loaded');
  }
  if (errors.size > 0) {
    const error = loadError(errors);
    logger.error({ graphs: [...errors.keys()].slice(0, 20) }, error.message);
    throw error;
  }
}
