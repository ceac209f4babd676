import { availableParallelism } from 'node:os';

/**
 * How many validation worker threads a harvest uses: VALIDATION_WORKERS, or with `auto` (the default)
 * one on a machine with two cores or fewer and two above.
 *
 * On two cores the main thread, the validation workers and V8's own background threads (optimising
 * compilation and garbage collection for every engine) share the two cores, so a harvest is bound by
 * the CPU of all threads together. Each worker is one more engine that compiles the same code and
 * keeps a heap of its own: a CLI harvest of 5 000 datasets used 14.3–16.4 s of CPU with one worker
 * against 18.3–18.9 s with two, took 29–31 s against 36–38 s, and peaked at 475–541 MiB against
 * 666–706 MiB (two runs each, alternately, load 12–15). The reports are the same either way.
 */
export function validationWorkerCount(setting: number | 'auto', cores: number = availableParallelism()): number {
  if (setting !== 'auto') return setting;
  return cores <= 2 ? 1 : 2;
}
