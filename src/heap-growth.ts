import { setFlagsFromString } from 'node:v8';

/**
 * How far V8 lets a heap grow beyond what its last full collection kept before it collects again
 * (HEAP_GROWTH_PERCENT; 0 leaves V8's own choice). On a machine with more than 2 GB per heap, V8's own
 * choice is up to 4× what is live: a harvest that keeps 130 MB (a 20 000-dataset document being split)
 * lets its main heap reach 530 MB of mostly garbage before collecting, and each worker's heap does the
 * same on its scale, so the process's peak grows about four times as fast as what it keeps.
 *
 * The setting is V8's `--heap-growing-percent`, process-wide: the main thread and every worker thread.
 * It is read each time a heap sets its next limit, so setting it at the start of the process (before
 * the harvest, the server or any worker starts) takes effect for everything after.
 */
export function applyHeapGrowth(percent: number): void {
  if (!Number.isInteger(percent) || percent < 0) throw new RangeError(`The heap growth must be a whole percentage of at least 0, not ${String(percent)}.`);
  if (percent === 0) return;
  setFlagsFromString(`--heap-growing-percent=${percent}`);
}
