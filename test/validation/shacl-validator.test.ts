import { DataFactory } from 'n3';
import { afterAll, describe, expect, it } from 'vitest';
import { canonicalNTriples } from '../../src/rdf/ntriples.js';
import { ShaclValidator } from '../../src/validation/shacl-validator.js';
import { UnknownProfileError } from '../../src/validation/profiles.js';
import { validateDocument } from '../../src/validation/validate-document.js';
import { EX, fixture, turtle } from './helpers.js';

const record = canonicalNTriples(fixture('conforming-record.ttl'));
const broken = canonicalNTriples(
  turtle(`<${EX}d> a <http://www.w3.org/ns/dcat#Dataset> ; <http://purl.org/dc/terms/title> "Uten utgiver"@nb .`),
);

describe('ShaclValidator in the calling thread (workers: 0)', () => {
  const validator = new ShaclValidator({ workers: 0 });
  afterAll(() => validator.close());

  it('lists its profiles', () => {
    expect(validator.profiles.map((p) => p.id)).toEqual(['dcat-ap-no-2', 'dcat-ap-no-3', 'dcat-ap-no-3-core-ranges', 'dcat-ap-no-3-core', 'dcat-ap-3', 'skos-ap-no-2', 'modelldcat-ap-no', 'skos']);
    for (const p of validator.profiles) expect(p.label.length).toBeGreaterThan(0);
  });

  it('validates a record given as N-Triples', async () => {
    const ok = await validator.validate({ ntriples: record, profile: 'dcat-ap-no-2' });
    expect(ok.conforms).toBe(true);
    const bad = await validator.validate({ ntriples: broken, profile: 'dcat-ap-no-2' });
    expect(bad.conforms).toBe(false);
    expect(bad.counts.violation).toBe(4); // description, identifier, publisher, theme
  });

  it('rejects an unknown profile with an error naming the known ones', async () => {
    await expect(validator.validate({ ntriples: record, profile: 'dcat-ap-no-9' })).rejects.toThrow(UnknownProfileError);
    await expect(validator.validate({ ntriples: record, profile: 'dcat-ap-no-9' })).rejects.toThrow(/dcat-ap-no-2, dcat-ap-no-3/);
  });

  it('rejects a graph that is not N-Triples with the parser message', async () => {
    await expect(validator.validate({ ntriples: '<a> <b> .', profile: 'dcat-ap-no-2' })).rejects.toThrow(/not valid N-Triples/);
  });
});

describe('ShaclValidator with a worker pool', () => {
  const validator = new ShaclValidator({ workers: 2 });
  afterAll(() => validator.close());

  it('gives the same reports as the calling thread, for records in flight together', async () => {
    const inProcess = new ShaclValidator({ workers: 0 });
    const requests = Array.from({ length: 12 }, (_, i) => ({ ntriples: i % 3 === 0 ? broken : record, profile: i % 2 === 0 ? 'dcat-ap-no-2' : 'dcat-ap-no-3' }));
    const pooled = await Promise.all(requests.map((r) => validator.validate(r)));
    const local = await Promise.all(requests.map((r) => inProcess.validate(r)));
    expect(pooled).toEqual(local);
    expect(pooled.some((r) => !r.conforms)).toBe(true);
  });

  it('reports a worker-side error for that record only', async () => {
    const [bad, good] = await Promise.allSettled([
      validator.validate({ ntriples: 'not n-triples', profile: 'dcat-ap-no-2' }),
      validator.validate({ ntriples: record, profile: 'dcat-ap-no-2' }),
    ]);
    expect(bad.status).toBe('rejected');
    expect(good.status).toBe('fulfilled');
  });

  it('fails every call once closed', async () => {
    const closing = new ShaclValidator({ workers: 1 });
    await closing.close();
    await expect(closing.validate({ ntriples: record, profile: 'dcat-ap-no-2' })).rejects.toThrow(/closed/);
  });
});

describe('validateDocument', () => {
  it('validates a whole document and keeps the compiled profile', async () => {
    const report = await validateDocument(fixture('conforming-record.ttl'), 'dcat-ap-no-2');
    expect(report.conforms).toBe(true);
    const again = await validateDocument(turtle(`<${EX}c> a <http://www.w3.org/ns/dcat#Catalog> .`), 'dcat-ap-no-2');
    expect(again.counts.violation).toBe(4);
  });

  it('ignores graph names (a TriG document is one graph)', async () => {
    const named = fixture('conforming-record.ttl').map((q) => DataFactory.quad(q.subject, q.predicate, q.object, DataFactory.namedNode(`${EX}g`)));
    const report = await validateDocument(named, 'dcat-ap-no-2');
    expect(report.conforms).toBe(true);
  });
});
