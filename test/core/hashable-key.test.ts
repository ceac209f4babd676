import { describe, expect, it } from 'vitest';
import { hashableKey, V8_HASHED_CHARS } from '../../src/core/hashable-key.js';

describe('hashableKey', () => {
  it('is the key itself up to V8_HASHED_CHARS characters', () => {
    const key = 'x'.repeat(V8_HASHED_CHARS);
    expect(hashableKey(key)).toBe(key);
  });

  it('past them, a short digest: the same for the same text, different for texts of one length that differ anywhere', () => {
    const a = `${'x'.repeat(20_000)}a`;
    const b = `${'x'.repeat(20_000)}b`;
    expect(hashableKey(a).length).toBeLessThan(64);
    expect(hashableKey(a)).toBe(hashableKey(`${'x'.repeat(20_000)}a`));
    expect(hashableKey(a)).not.toBe(hashableKey(b));
    expect(hashableKey(a)).not.toBe(a.slice(0, 64));
  });
});
