import { describe, expect, it } from 'vitest';
import { trimTrailing } from '../../src/rdf/trim-trailing.js';

describe('trimTrailing', () => {
  it('drops the given characters at the end only', () => {
    expect(trimTrailing('https://x.no/api//', '/')).toBe('https://x.no/api');
    expect(trimTrailing('https://x.no/a#/#', '/#')).toBe('https://x.no/a');
    expect(trimTrailing('https://x.no/a', '/')).toBe('https://x.no/a');
    expect(trimTrailing('///', '/')).toBe('');
  });

  it('takes a run of 1 000 000 slashes followed by a letter in one pass (a pattern tried it from every slash)', () => {
    const iri = `http://x/${'/'.repeat(1_000_000)}a`;
    expect(trimTrailing(iri, '/')).toBe(iri);
    expect(trimTrailing(`${iri}${'/'.repeat(1_000_000)}`, '/')).toBe(iri);
  });
});
