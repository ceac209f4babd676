import { describe, expect, it } from 'vitest';
import { fairBudget, SLICE_MAX_MS, TimeSlices } from '../../src/core/time-slices.js';

describe('TimeSlices: background work cut into slices that each hold the event loop about a budget', () => {
  it('sizes the next slice to fill the budget at the pace the last one went', () => {
    const slices = new TimeSlices(20, 1000, 100);
    slices.learn(100, 50); // 0.5 ms per item: 40 fill 20 ms
    expect(slices.size).toBe(40);
  });

  it('grows at most twice per slice, and never past its largest size', () => {
    const slices = new TimeSlices(20, 50, 10);
    slices.learn(10, 1); // 0.1 ms per item: 200 would fit
    expect(slices.size).toBe(20);
    slices.learn(20, 2);
    expect(slices.size).toBe(40);
    slices.learn(40, 4);
    expect(slices.size).toBe(50);
  });

  it('takes one item at a time when a single item outlasts the budget', () => {
    const slices = new TimeSlices(20, 1000, 16);
    slices.learn(2, 300);
    expect(slices.size).toBe(1);
  });

  it('does every item once, in order, and gives the event loop a turn between two slices', async () => {
    const slices = new TimeSlices(20, 3, 3);
    const seen: string[] = [];
    let turns = 0;
    const tick = (): void => {
      turns++;
      if (turns < 100) setImmediate(tick);
    };
    setImmediate(tick);
    await slices.run([1, 2, 3, 4, 5, 6, 7], (slice) => seen.push(`${slice.join(',')}@${turns}`));
    turns = 100;
    // Three slices of at most 3 items; the loop turned between each (its count rose from slice to slice).
    expect(seen.map((s) => s.split('@')[0])).toEqual(['1,2,3', '4,5,6', '7']);
    const at = seen.map((s) => Number(s.split('@')[1]));
    expect(at[1]).toBeGreaterThan(at[0]!);
    expect(at[2]).toBeGreaterThan(at[1]!);
  });

  it('stops at a failing slice with its error, the slices before it done', async () => {
    const slices = new TimeSlices(20, 2, 2);
    const done: number[] = [];
    await expect(
      slices.run([1, 2, 3, 4, 5], (slice) => {
        if (slice.includes(3)) throw new Error('slice failed');
        done.push(...slice);
      }),
    ).rejects.toThrow('slice failed');
    expect(done).toEqual([1, 2]);
  });

  it('keeps background work a fair share of a crowded loop: a long wait for its turn earns a longer slice, never past the most', () => {
    expect(fairBudget(20, 5)).toBe(20); // a quiet loop: the usual budget
    expect(fairBudget(20, 100)).toBeCloseTo(50); // waited 100 ms behind requests: a third of the time is its share
    expect(fairBudget(20, 10_000)).toBe(SLICE_MAX_MS);
  });

  it('refuses a budget or size that would never move', () => {
    expect(() => new TimeSlices(0)).toThrow(RangeError);
    expect(() => new TimeSlices(20, 0)).toThrow(RangeError);
  });
});
