import { h } from 'preact';
import { describe, expect, it } from 'vitest';
import type { StoredRecord } from '../../../src/core/catalog-record.js';
import { renderDocument } from '../../../src/http/portal/html/render-document.js';
import { RecordPage } from '../../../src/http/portal/pages/record-page.js';
import { RunPage } from '../../../src/http/portal/pages/run-page.js';
import { MAX_SHOWN_RESULTS, ValidationReportView } from '../../../src/http/portal/records/validation-report-section.js';
import type { ValidationReport } from '../../../src/core/validation-report.js';
import { emptyCounts, type HarvestRun } from '../../../src/core/harvest-run.js';
import { LIST_PAGE_SIZE } from '../../../src/http/portal/records/paged-list.js';
import { contextFor } from '../../../src/http/portal/portal-context.js';
import { RecordGraphView } from '../../../src/http/portal/records/record-graph-view.js';
import { MAX_FACT_VALUES } from '../../../src/http/portal/records/record-parts.js';
import type { RecordView } from '../../../src/http/portal/records/record-view.js';

// Record pages of harvested graphs shaped to make rendering slow: each must render in one pass over
// what it shows (the sizes here took 77 s and 98 s when shared nodes and languages were looked up anew).
const S = 'https://data.example.no/r';
const t = (s: string, p: string, o: string): string => `<${s}> <${p}> ${o} .`;

function page(kind: StoredRecord['kind'], lines: readonly string[], path = '/x'): string {
  const graph = lines.join('\n');
  const record: StoredRecord = {
    id: '00000000-0000-3000-8000-000000000002', iri: S, kind, sourceId: 's', catalogId: null, hash: 'h', status: 'published',
    issued: '2026-01-01T00:00:00Z', modified: '2026-01-02T00:00:00Z', removedAt: null, graph, validation: null,
  };
  const view: RecordView = { record, graph: new RecordGraphView(graph), iri: S, outgoing: new Map(), incoming: [], termLabel: () => undefined, artefacts: [] };
  return renderDocument(h(RecordPage, { ctx: contextFor('nb', path), view }));
}

describe('record pages of hostile graphs', () => {
  it('a dataset whose 10 000 distributions share one format node of 10 000 titles', () => {
    const lines = [t(S, 'http://www.w3.org/1999/02/22-rdf-syntax-ns#type', '<http://www.w3.org/ns/dcat#Dataset>'), t(S, 'http://purl.org/dc/terms/title', '"Datasett"@nb')];
    for (let i = 0; i < 10_000; i++) {
      const d = `${S}/d${i}`;
      lines.push(t(S, 'http://www.w3.org/ns/dcat#distribution', `<${d}>`), t(d, 'http://purl.org/dc/terms/format', '<https://data.example.no/format>'));
      lines.push(t('https://data.example.no/format', 'http://purl.org/dc/terms/title', `"format ${i}"@x-l${i}`));
    }
    expect(page('dataset', lines)).toContain('Datasett');
  });

  it('a concept with 20 000 terms, each in a language of its own, shows them LIST_PAGE_SIZE at a time, its preferred term first', () => {
    const lines = [t(S, 'http://www.w3.org/1999/02/22-rdf-syntax-ns#type', '<http://www.w3.org/2004/02/skos/core#Concept>'), t(S, 'http://www.w3.org/2004/02/skos/core#prefLabel', '"begrep"@nb')];
    for (let i = 0; i < 20_000; i++) lines.push(t(S, 'http://www.w3.org/2004/02/skos/core#altLabel', `"term ${i}"@x-l${i}`));
    // The terms section alone (the preferred term is the page's heading too).
    const terms = (html: string): string[] => [...html.slice(html.indexOf('id="terms"'), html.indexOf('</section>', html.indexOf('id="terms"'))).matchAll(/>(term \d+|begrep)</g)].map((m) => m[1]!);
    const first = page('concept', lines);
    expect(terms(first)).toHaveLength(LIST_PAGE_SIZE);
    expect(terms(first)[0]).toBe('begrep');
    expect(first).toContain('Viser 1–100 av 20\u00a0001');
    // The last page holds what is left: 20 001 terms, 100 a page.
    const last = page('concept', lines, '/x?terms=201');
    expect(terms(last)).toHaveLength(1);
    const all = new Set<string>();
    for (const p of [1, 2, 3]) for (const term of terms(page('concept', lines, `/x?terms=${p}`))) all.add(term);
    expect(all.size).toBe(3 * LIST_PAGE_SIZE);
  });

  it('a dataset of 10 000 keywords, themes and landing pages shows MAX_FACT_VALUES of each and says how many more', () => {
    const lines = [t(S, 'http://www.w3.org/1999/02/22-rdf-syntax-ns#type', '<http://www.w3.org/ns/dcat#Dataset>'), t(S, 'http://purl.org/dc/terms/title', '"Datasett"@nb')];
    for (let i = 0; i < 10_000; i++) {
      lines.push(t(S, 'http://www.w3.org/ns/dcat#keyword', `"nokkelord${i}"@nb`));
      lines.push(t(S, 'http://www.w3.org/ns/dcat#theme', `<https://tema.example.no/t${i}>`));
      lines.push(t(S, 'http://www.w3.org/ns/dcat#landingPage', `<https://side.example.no/s${i}>`));
    }
    const html = page('dataset', lines);
    const count = (pattern: RegExp): number => html.match(pattern)?.length ?? 0;
    expect(count(/nokkelord\d+/g)).toBe(MAX_FACT_VALUES);
    expect(count(/https:\/\/tema\.example\.no\/t\d+"/g)).toBe(MAX_FACT_VALUES);
    expect(count(/href="https:\/\/side\.example\.no\/s\d+"/g)).toBe(MAX_FACT_VALUES);
    expect(html.split('og 9\u00a0900 til (se hele beskrivelsen i nedlastingene)').length - 1).toBe(3);
  });

  it('a run of 250 problems shows them a page of 100 at a time', () => {
    const run: HarvestRun = {
      id: 'run-1', sourceId: 's', startedAt: '2026-01-01T00:00:00Z', endedAt: '2026-01-01T00:01:00Z', state: 'succeeded', counts: emptyCounts(),
      problems: Array.from({ length: 250 }, (_, i) => ({ kind: 'invalid' as const, resource: `${S}/${i}`, message: `problem ${String(i).padStart(3, '0')}` })),
    };
    const render = (path: string): string => renderDocument(h(RunPage, { ctx: contextFor('nb', path), run, source: undefined }));
    const shown = (html: string): string[] => [...html.matchAll(/problem (\d{3})/g)].map((m) => m[1]!);
    const first = render('/runs/run-1');
    expect(shown(first)).toHaveLength(LIST_PAGE_SIZE);
    expect(first).toContain('Viser 1–100 av 250');
    expect(first).toContain('href="/runs/run-1?problems=3&amp;lang=nb#problems"');
    expect(shown(render('/runs/run-1?problems=3'))).toEqual(Array.from({ length: 50 }, (_, i) => String(200 + i)));
  });

  it('a report of 1 000 findings shows the first MAX_SHOWN_RESULTS, says so, and counts them all', () => {
    const report: ValidationReport = {
      profile: 'dcat-ap-no-2', conforms: false, counts: { violation: 1_000, warning: 0, info: 0 },
      results: Array.from({ length: 1_000 }, (_, i) => ({ focusNode: `${S}/${i % 10}`, severity: 'violation' as const, path: 'http://purl.org/dc/terms/title', message: { nb: `funn ${i}`, en: `finding ${i}` } })),
    };
    const html = renderDocument(h(ValidationReportView, { ctx: contextFor('nb', '/x'), report, headingId: 'r', resource: (iri: string) => iri }));
    expect(html.match(/funn \d+/g)).toHaveLength(MAX_SHOWN_RESULTS);
    expect(html).toContain(`Viser de første ${MAX_SHOWN_RESULTS} av 1\u00a0000 funnene.`);
    expect(html).toContain('1\u00a0000 brudd');
  });
});
