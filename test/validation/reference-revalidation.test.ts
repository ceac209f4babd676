import { describe, expect, it } from 'vitest';
import type { StoredRecord } from '../../src/core/catalog-record.js';
import { silentLogger } from '../../src/core/ports/logger.js';
import type { ValidationReplacement } from '../../src/core/ports/store.js';
import type { ValidationRequest } from '../../src/core/ports/validator.js';
import type { ValidationReport } from '../../src/core/validation-report.js';
import { namesAny, ReferenceRevalidation } from '../../src/validation/reference-revalidation.js';

// When the harvested reference data changes, the published records that name a changed term are judged
// again in the background; a different report replaces the stored one (src/validation/reference-revalidation.ts).

const FT = 'http://publications.europa.eu/resource/authority/file-type';
const report = (conforms: boolean, profile = 'dcat-ap-no-3'): ValidationReport => ({ profile, conforms, counts: { violation: conforms ? 0 : 1, warning: 0, info: 0 }, results: [] });

function record(n: number, format: string, validation: ValidationReport | null = report(false)): StoredRecord {
  const iri = `https://data.example.no/d/${n}`;
  return {
    id: `id-${n}`, iri, kind: 'dataset', sourceId: 's', catalogId: null, hash: `h${n}`, status: 'published',
    issued: '2026-01-01T00:00:00.000Z', modified: '2026-01-01T00:00:00.000Z', removedAt: null,
    graph: `<${iri}> <http://purl.org/dc/terms/format> <${FT}/${format}> .\n<${iri}> <http://purl.org/dc/terms/title> "A <${FT}/NOT_AN_IRI> in text"@nb .\n`,
    validation,
  };
}

function harness(records: StoredRecord[], judge: (r: ValidationRequest) => Promise<ValidationReport>) {
  const asked: string[] = [];
  const written: ValidationReplacement[][] = [];
  const told: string[][] = [];
  const revalidation = new ReferenceRevalidation({
    store: {
      async *publishedRecords() {
        yield records;
      },
      async replaceValidationReports(updates) {
        written.push([...updates]);
        return updates.map((u) => u.id);
      },
    },
    validator: {
      validate: (r) => {
        asked.push(r.ntriples.slice(1, r.ntriples.indexOf('>')));
        return judge(r);
      },
    },
    logger: silentLogger,
    concurrency: 2,
    onReplaced: (ids) => told.push([...ids]),
  });
  return { revalidation, asked, written, told };
}

describe('judging stored reports again when the reference data changes', () => {
  it('takes the first set of terms as what the stored reports were judged with, and judges again only the records that name a changed term', async () => {
    const records = [record(1, 'PARQUET'), record(2, 'CSV'), record(3, 'PARQUET', null), record(4, 'ODS')];
    const h = harness(records, async () => report(true));
    h.revalidation.useHarvestedConcepts([{ iri: `${FT}/CSV`, schemes: [FT] }]);
    await h.revalidation.idle();
    expect(h.asked).toEqual([]); // the start's set: nothing to judge
    // PARQUET added, ODS moved to another scheme, CSV unchanged.
    h.revalidation.useHarvestedConcepts([{ iri: `${FT}/CSV`, schemes: [FT] }, { iri: `${FT}/PARQUET`, schemes: [FT] }]);
    h.revalidation.useHarvestedConcepts([{ iri: `${FT}/CSV`, schemes: [FT] }, { iri: `${FT}/PARQUET`, schemes: [FT] }, { iri: `${FT}/ODS`, schemes: ['https://other.example/scheme'] }]);
    await h.revalidation.idle();
    // Record 3 has no report (it was never validated): left alone.
    expect(h.asked.sort()).toEqual(['https://data.example.no/d/1', 'https://data.example.no/d/4']);
    expect(h.written.flat().map((u) => [u.id, u.hash, u.validation.conforms])).toEqual(expect.arrayContaining([['id-1', 'h1', true], ['id-4', 'h4', true]]));
    expect(h.told.flat().sort()).toEqual(['id-1', 'id-4']);
    // Dropping a term judges again the records that name it.
    h.asked.length = 0;
    h.revalidation.useHarvestedConcepts([{ iri: `${FT}/PARQUET`, schemes: [FT] }, { iri: `${FT}/ODS`, schemes: ['https://other.example/scheme'] }]);
    await h.revalidation.idle();
    expect(h.asked).toEqual(['https://data.example.no/d/2']);
  });

  it('writes nothing when the verdict is the same, and keeps the old report of a record that fails to validate', async () => {
    const records = [record(1, 'PARQUET'), record(2, 'PARQUET'), record(3, 'PARQUET')];
    const h = harness(records, async (r) => {
      if (r.ntriples.includes('/d/2>')) throw new Error('worker died');
      return r.ntriples.includes('/d/1>') ? report(false) : report(true);
    });
    h.revalidation.useHarvestedConcepts([]);
    h.revalidation.useHarvestedConcepts([{ iri: `${FT}/PARQUET`, schemes: [FT] }]);
    await h.revalidation.idle();
    expect(h.written.flat().map((u) => u.id)).toEqual(['id-3']);
    expect(h.revalidation.lastPass).toEqual({ terms: 1, read: 3, judged: 3, replaced: 1, failed: 1 });
    // Judged with the profile of the stored report.
    const profiles: string[] = [];
    const h2 = harness([record(5, 'PARQUET', report(false, 'dcat-ap-3'))], async (r) => (profiles.push(r.profile), report(true)));
    h2.revalidation.useHarvestedConcepts([]);
    h2.revalidation.useHarvestedConcepts([{ iri: `${FT}/PARQUET`, schemes: [FT] }]);
    await h2.revalidation.idle();
    expect(profiles).toEqual(['dcat-ap-3']);
  });

  it('finds an IRI only where N-Triples name it as an IRI', () => {
    const graph = record(1, 'PARQUET').graph;
    expect(namesAny(graph, new Set([`${FT}/PARQUET`]))).toBe(true);
    expect(namesAny(graph, new Set([`${FT}/PARQ`]))).toBe(false);
    expect(namesAny(graph, new Set(['http://purl.org/dc/terms/title']))).toBe(true);
    expect(namesAny('', new Set([`${FT}/PARQUET`]))).toBe(false);
  });
});
