import { createHash } from 'node:crypto';
import type { HarvestRun } from '../core/harvest-run.js';
import type { HarvestSource } from '../core/harvest-source.js';

export interface SchedulePolicy {
  /** HARVEST_INTERVAL: the interval of a source that sets none, ms; 0 turns the scheduler off. */
  readonly intervalMs: number;
  /** Fraction of the interval (0–0.5) by which each due time is spread. */
  readonly jitter: number;
  /** Scheduled harvests at once in one process. */
  readonly concurrency: number;
  /** The wait after one failed run; it doubles with each failure in a row, up to the source's interval. */
  readonly backoffMs: number;
}

/**
 * When a source is next due (epoch ms), from its runs, newest first:
 *  - never harvested: at once (from its registration);
 *  - last run interrupted (the process stopped, or was shut down): at once, so the run is resumed;
 *  - last run(s) failed: `backoffMs × 2^(failures in a row − 1)` after the last, at most its interval;
 *  - otherwise its interval after the last run ended, plus a jitter of up to `jitter × interval` that
 *    is fixed per source and run (restarts neither move it nor make every source due at once);
 *  - a run still running: not due (another process is harvesting it, or its lease decides).
 */
export function dueAt(source: HarvestSource, runs: readonly HarvestRun[], policy: SchedulePolicy): number {
  const interval = source.intervalMs ?? policy.intervalMs;
  const last = runs[0];
  if (last === undefined) return Date.parse(source.createdAt);
  if (last.state === 'running') return Number.POSITIVE_INFINITY;
  const ended = Date.parse(last.endedAt ?? last.startedAt);
  if (last.state === 'interrupted') return ended;
  const failures = leadingFailures(runs);
  if (failures > 0) return ended + Math.min(policy.backoffMs * 2 ** Math.min(failures - 1, 30), interval);
  return ended + interval + Math.floor(jitterFraction(`${source.id}/${last.id}`) * policy.jitter * interval);
}

function leadingFailures(runs: readonly HarvestRun[]): number {
  let n = 0;
  for (const run of runs) {
    if (run.state !== 'failed') break;
    n++;
  }
  return n;
}

/** A fraction in [0, 1) fixed by the key. */
export function jitterFraction(key: string): number {
  return createHash('sha256').update(key).digest().readUInt32BE(0) / 2 ** 32;
}
