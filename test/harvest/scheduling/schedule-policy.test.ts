import { describe, expect, it } from 'vitest';
import { emptyCounts, type HarvestRun, type RunState } from '../../../src/core/harvest-run.js';
import type { HarvestSource } from '../../../src/core/harvest-source.js';
import { dueAt, jitterFraction, type SchedulePolicy } from '../../../src/harvest/schedule-policy.js';

const HOUR = 3600e3;
const POLICY: SchedulePolicy = { intervalMs: 24 * HOUR, jitter: 0.1, concurrency: 2, backoffMs: 5 * 60e3 };
const T0 = Date.parse('2026-01-10T12:00:00.000Z');

const source = (overrides: Partial<HarvestSource> = {}): HarvestSource => ({
  id: 'src-1',
  url: 'https://example.no/catalog.ttl',
  kind: 'dcat-ap-no',
  publisher: '974760673',
  quarantineInvalid: false,
  createdAt: '2026-01-01T00:00:00.000Z',
  ...overrides,
});

/** Runs newest first, each ending an hour before the next. */
function runs(...states: RunState[]): HarvestRun[] {
  return states.map((state, i) => ({
    id: `run-${i}`,
    sourceId: 'src-1',
    startedAt: new Date(T0 - i * HOUR - 60e3).toISOString(),
    endedAt: new Date(T0 - i * HOUR).toISOString(),
    state,
    counts: emptyCounts(),
    problems: [],
  }));
}

describe('when a source is due', () => {
  it('is due at once when never harvested', () => {
    expect(dueAt(source(), [], POLICY)).toBe(Date.parse('2026-01-01T00:00:00.000Z'));
  });

  it('is due its interval after the last run, spread by a jitter fixed per source and run, within the jitter fraction', () => {
    const at = dueAt(source(), runs('succeeded'), POLICY);
    expect(at).toBeGreaterThanOrEqual(T0 + 24 * HOUR);
    expect(at).toBeLessThan(T0 + 24 * HOUR + 0.1 * 24 * HOUR);
    expect(dueAt(source(), runs('succeeded'), POLICY)).toBe(at);
    // Other sources land elsewhere in the window.
    const spread = new Set(Array.from({ length: 20 }, (_, i) => dueAt(source({ id: `src-${i}` }), runs('succeeded'), POLICY)));
    expect(spread.size).toBe(20);
  });

  it('takes the source’s own interval over HARVEST_INTERVAL', () => {
    const at = dueAt(source({ intervalMs: HOUR }), runs('succeeded'), { ...POLICY, jitter: 0 });
    expect(at).toBe(T0 + HOUR);
  });

  it('backs off after failures, doubling per failure in a row, never past the interval', () => {
    const noJitter = { ...POLICY, jitter: 0 };
    expect(dueAt(source(), runs('failed', 'succeeded'), noJitter)).toBe(T0 + 5 * 60e3);
    expect(dueAt(source(), runs('failed', 'failed', 'succeeded'), noJitter)).toBe(T0 + 10 * 60e3);
    expect(dueAt(source(), runs('failed', 'failed', 'failed', 'failed'), noJitter)).toBe(T0 + 40 * 60e3);
    expect(dueAt(source(), runs(...Array<RunState>(12).fill('failed')), noJitter)).toBe(T0 + 24 * HOUR);
  });

  it('resumes an interrupted run at once, and leaves a running one alone', () => {
    expect(dueAt(source(), runs('interrupted', 'succeeded'), POLICY)).toBe(T0);
    expect(dueAt(source(), runs('running', 'succeeded'), POLICY)).toBe(Number.POSITIVE_INFINITY);
  });

  it('draws jitter fractions evenly in [0, 1)', () => {
    const fractions = Array.from({ length: 1000 }, (_, i) => jitterFraction(`k${i}`));
    expect(Math.min(...fractions)).toBeGreaterThanOrEqual(0);
    expect(Math.max(...fractions)).toBeLessThan(1);
    const low = fractions.filter((f) => f < 0.5).length;
    expect(low).toBeGreaterThan(400);
    expect(low).toBeLessThan(600);
  });
});
