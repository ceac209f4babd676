import { execFile } from 'node:child_process';
import path from 'node:path';
import { promisify } from 'node:util';
import { describe, expect, it } from 'vitest';
import { loadConfig } from '../../src/config/config.js';
import { ConfigError } from '../../src/core/errors.js';
import { applyHeapGrowth } from '../../src/heap-growth.js';

const PROBE = path.join(import.meta.dirname, 'fixtures', 'heap-growth-probe.ts');

/** The probe in a process of its own: the setting is process-wide, so it must not reach the test runner's. */
async function probe(percent: number): Promise<{ peakCommitted: number; live: number }> {
  const { stdout } = await promisify(execFile)(process.execPath, ['--import', 'tsx', '--expose-gc', PROBE, String(percent)], { cwd: path.join(import.meta.dirname, '../..') });
  return JSON.parse(stdout) as { peakCommitted: number; live: number };
}

describe('how far a heap grows beyond what is live (HEAP_GROWTH_PERCENT)', () => {
  it('is read from the environment; 0 leaves it to V8, and a value that would collect all the time is refused', () => {
    expect(loadConfig({ HEAP_GROWTH_PERCENT: '80' }).heapGrowthPercent).toBe(80);
    expect(loadConfig({ HEAP_GROWTH_PERCENT: '0' }).heapGrowthPercent).toBe(0);
    expect(() => loadConfig({ HEAP_GROWTH_PERCENT: '5' })).toThrow(ConfigError);
    expect(() => loadConfig({ HEAP_GROWTH_PERCENT: 'half' })).toThrow(ConfigError);
    expect(() => applyHeapGrowth(-1)).toThrow(RangeError);
  });

  // V8's own policy on this kind of work lets the old generation reach about 6× what is live at the end
  // (the kept objects); at 20 % it stays near 2× (the objects in flight are live too while it works).
  it('keeps the old generation of a process that applies it within 3× of what is live', async () => {
    const { peakCommitted, live } = await probe(20);
    expect(live).toBeGreaterThan(30 * 2 ** 20);
    expect(peakCommitted / live).toBeLessThan(3);
  }, 120_000);
});
