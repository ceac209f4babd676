import type { Problem } from './problem.js';

export const RUN_STATES = ['running', 'succeeded', 'failed', 'interrupted'] as const;
export type RunState = (typeof RUN_STATES)[number];

export interface RunCounts {
  added: number;
  changed: number;
  unchanged: number;
  removed: number;
  invalid: number;
  conflicts: number;
  skipped: number;
}

export function emptyCounts(): RunCounts {
  return { added: 0, changed: 0, unchanged: 0, removed: 0, invalid: 0, conflicts: 0, skipped: 0 };
}

/** One harvest of one source: when, how it ended, what changed and every problem. */
export interface HarvestRun {
  readonly id: string;
  readonly sourceId: string;
  readonly startedAt: string;
  endedAt?: string;
  state: RunState;
  counts: RunCounts;
  problems: Problem[];
  /** Why the run failed, in plain words naming the cause. */
  error?: string;
  /** The source answered 304 Not Modified: nothing was parsed or written. */
  notModified?: boolean;
  /** Documents fetched (pages, for Hydra-paged sources). */
  documents?: number;
}
