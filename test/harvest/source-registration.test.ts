import { describe, expect, it } from 'vitest';
import { BadRequestError } from '../../src/core/errors.js';
import { buildSource } from '../../src/harvest/source-registration.js';

const rules = { allowLocalPath: false, sourceKinds: new Map([['dcat-ap-no', ['dcat-ap-no-2', 'dcat-ap-no-3']]]), now: () => new Date('2026-11-29T12:00:00Z') };

function problemsOf(input: Record<string, unknown>, r = rules): string[] {
  try {
    buildSource(input, r);
  } catch (error) {
    expect(error).toBeInstanceOf(BadRequestError);
    return (error as BadRequestError).extra.problems as string[];
  }
  throw new Error('expected the registration to be refused');
}

describe('registering a harvest source', () => {
  it('builds a source with a stable id from kind, url and publisher', () => {
    const a = buildSource({ url: 'https://data.brreg.no/catalog.ttl', publisher: '974760673' }, rules);
    const b = buildSource({ url: 'https://data.brreg.no/catalog.ttl', publisher: '974760673', kind: 'dcat-ap-no' }, rules);
    expect(a.id).toBe(b.id);
    expect(a).toMatchObject({ kind: 'dcat-ap-no', publisher: '974760673', quarantineInvalid: false, createdAt: '2026-11-29T12:00:00.000Z' });
    expect(buildSource({ url: 'https://data.brreg.no/other.ttl', publisher: '974760673' }, rules).id).not.toBe(a.id);
  });

  it('reports every problem at once', () => {
    const problems = problemsOf({ url: 'ftp://x.example/c.ttl', publisher: '123', kind: 'csv', quarantineInvalid: 'yes', timeoutMs: 5, profile: 'x' });
    expect(problems).toHaveLength(6);
    expect(problems.join(' ')).toMatch(/http or https/);
    expect(problems.join(' ')).toMatch(/9 digits/);
    expect(problems.join(' ')).toMatch(/kind "csv"/);
  });

  it('accepts only a profile that the harvester of its kind declares', () => {
    const twoKinds = { ...rules, sourceKinds: new Map([...rules.sourceKinds, ['skos-ap-no', ['skos-ap-no-1']]]) };
    const concepts = { url: 'https://x.example/concepts.ttl', publisher: '974760673', kind: 'skos-ap-no' };
    expect(buildSource({ ...concepts, profile: 'skos-ap-no-1' }, twoKinds).profile).toBe('skos-ap-no-1');
    expect(problemsOf({ ...concepts, profile: 'dcat-ap-no-3' }, twoKinds)).toEqual(['profile must be one of the profiles of skos-ap-no sources: skos-ap-no-1.']);
    expect(buildSource({ url: 'https://x.example/c.ttl', publisher: '974760673', profile: 'dcat-ap-no-3' }, twoKinds)).toMatchObject({ kind: 'dcat-ap-no', profile: 'dcat-ap-no-3' });
  });

  it('takes the first installed kind when none is given', () => {
    const otherFirst = { ...rules, sourceKinds: new Map([['skos-ap-no', ['skos-ap-no-1']], ...rules.sourceKinds]) };
    expect(buildSource({ url: 'https://x.example/c.ttl', publisher: '974760673' }, otherFirst).kind).toBe('skos-ap-no');
  });

  it('requires a url and a publisher', () => {
    expect(problemsOf({})).toEqual([expect.stringMatching(/url is required/), expect.stringMatching(/publisher is required/)]);
  });

  it('refuses credentials in the url and a multi-line Accept header', () => {
    const problems = problemsOf({ url: 'https://user:pw@x.example/c.ttl', publisher: '974760673', accept: 'text/turtle\r\nX-Evil: 1' });
    expect(problems).toHaveLength(2);
  });

  it('refuses a url longer than 2 048 bytes, naming its length', () => {
    const path = 'a'.repeat(2048 - 'https://x.example/'.length);
    expect(buildSource({ url: `https://x.example/${path}`, publisher: '974760673' }, rules).url).toHaveLength(2048);
    expect(problemsOf({ url: `https://x.example/${path}b`, publisher: '974760673' })).toEqual(['url is 2049 bytes long; the catalog fetches URLs of at most 2048 bytes.']);
  });

  it('accepts a local path only when allowed (the CLI)', () => {
    expect(problemsOf({ url: './catalog.ttl', publisher: '974760673' })[0]).toMatch(/not an absolute URL/);
    expect(buildSource({ url: './catalog.ttl', publisher: '974760673' }, { ...rules, allowLocalPath: true }).url).toBe('./catalog.ttl');
    // Even from the CLI a URL with another scheme is refused.
    expect(problemsOf({ url: 'file:///etc/passwd', publisher: '974760673' }, { ...rules, allowLocalPath: true })[0]).toMatch(/http or https/);
  });
});
