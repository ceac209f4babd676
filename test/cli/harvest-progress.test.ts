import { describe, expect, it } from 'vitest';
import { formatDuration, harvestProgressDisplay, type ProgressStream } from '../../src/cli/harvest-progress.js';
import type { HarvestProgress } from '../../src/core/harvest-progress.js';

/** A stream that records what is written; a terminal when `isTTY`. */
function recordingStream(isTTY: boolean): ProgressStream & { text: () => string } {
  const chunks: string[] = [];
  return { isTTY, columns: 160, write: (chunk: string) => (chunks.push(chunk), true), text: () => chunks.join('') };
}

/** A harvest of 3 pages and 100 records, the clock moving 20 ms per record. */
function play(onProgress: (p: HarvestProgress) => void, clock: { t: number }): void {
  for (let documents = 1; documents <= 3; documents++) onProgress({ phase: 'reading', documents, processed: 0, records: 0 });
  for (let processed = 0; processed <= 100; processed++) {
    onProgress({ phase: 'processing', documents: 3, processed, records: 100 });
    clock.t += 20;
  }
}

describe('the CLI harvest progress display', () => {
  it('writes nothing and asks for no progress when the stream is not a terminal (pipes, CI)', () => {
    const stream = recordingStream(false);
    const display = harvestProgressDisplay(stream, true);
    expect(display.onProgress).toBeUndefined();
    display.stop();
    expect(stream.text()).toBe('');
  });

  it('writes nothing on a terminal when told not to show it (--json, or stdout piped)', () => {
    const stream = recordingStream(true);
    const display = harvestProgressDisplay(stream, false);
    expect(display.onProgress).toBeUndefined();
    display.stop();
    expect(stream.text()).toBe('');
  });

  it('draws pages, records processed, the rate and the time left on a terminal, and clears its line at the end', () => {
    const stream = recordingStream(true);
    const clock = { t: 1_000_000 };
    const display = harvestProgressDisplay(stream, true, () => clock.t);
    expect(display.onProgress).toBeDefined();
    display.onProgress!({ phase: 'reading', documents: 1, processed: 0, records: 0 });
    expect(stream.text()).toContain('Reading');
    expect(stream.text()).toContain('1 pages');
    play(display.onProgress!, clock);
    display.stop();
    const out = stream.text();
    // The final drawing: every record, 3 pages, 100 records in 2 s = 50 records/s, nothing left.
    expect(out).toMatch(/Processing \|[█░]{24}\| 100\/100 records · 3 pages · 50 records\/s · 0s left/);
    // Drawn in place with terminal control sequences, and the line cleared at the end (ESC [ 2K or ESC [ 0K).
    expect(out).toContain('\u001b[');
    expect(out.trimEnd().endsWith('left')).toBe(false);
  });

  it('says the time left from the rate so far', () => {
    const stream = recordingStream(true);
    const clock = { t: 0 };
    const display = harvestProgressDisplay(stream, true, () => clock.t);
    display.onProgress!({ phase: 'processing', documents: 1, processed: 0, records: 1000 });
    clock.t = 10_000;
    display.onProgress!({ phase: 'processing', documents: 1, processed: 100, records: 1000 });
    display.stop();
    // 100 records in 10 s: 10 records/s, 900 left = 1m 30s.
    expect(stream.text()).toContain('100/1000 records · 1 pages · 10 records/s · 1m 30s left');
  });

  it('formats durations for people', () => {
    expect(formatDuration(42)).toBe('42s');
    expect(formatDuration(185)).toBe('3m 05s');
    expect(formatDuration(3720)).toBe('1h 02m');
    expect(formatDuration(Number.POSITIVE_INFINITY)).toBe('–');
  });
});
