import { describe, expect, it } from 'vitest';
import { OneAtATime } from '../../src/core/one-at-a-time.js';

describe('OneAtATime', () => {
  it('starts each piece of work once the one before it has settled, in the order asked', async () => {
    const queue = new OneAtATime();
    const events: string[] = [];
    let running = 0;
    const piece = (name: string, ms: number, fail = false) => () =>
      new Promise<string>((resolve, reject) => {
        running++;
        expect(running).toBe(1);
        events.push(`start ${name}`);
        setTimeout(() => {
          running--;
          events.push(`end ${name}`);
          if (fail) reject(new Error(name));
          else resolve(name);
        }, ms);
      });
    const results = await Promise.allSettled([queue.run(piece('a', 30)), queue.run(piece('b', 5, true)), queue.run(piece('c', 1))]);
    expect(events).toEqual(['start a', 'end a', 'start b', 'end b', 'start c', 'end c']);
    // A failed piece fails only its own caller; the one after it still runs.
    expect(results.map((r) => r.status)).toEqual(['fulfilled', 'rejected', 'fulfilled']);
    expect(results[2]).toEqual({ status: 'fulfilled', value: 'c' });
  });
});
