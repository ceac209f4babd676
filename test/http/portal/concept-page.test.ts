import { h } from 'preact';
import { describe, expect, it } from 'vitest';
import type { StoredRecord } from '../../../src/core/catalog-record.js';
import { renderDocument } from '../../../src/http/portal/html/render-document.js';
import { RecordPage } from '../../../src/http/portal/pages/record-page.js';
import { contextFor } from '../../../src/http/portal/portal-context.js';
import { RecordGraphView } from '../../../src/http/portal/records/record-graph-view.js';
import type { RecordView } from '../../../src/http/portal/records/record-view.js';

// A concept page rendered from a hand-made record (no service): what the page makes of SKOS-XL-only
// terms, hostile text and a definition node, independent of the demo catalog.
const C = 'https://begrep.example.no/frist';
const SKOLEM = 'https://catalog.example.no/.well-known/skolem/';
const graph = [
  `<${C}> <http://www.w3.org/1999/02/22-rdf-syntax-ns#type> <http://www.w3.org/2004/02/skos/core#Concept> .`,
  `<${C}> <http://www.w3.org/2008/05/skos-xl#prefLabel> <${SKOLEM}l1> .`,
  `<${SKOLEM}l1> <http://www.w3.org/2008/05/skos-xl#literalForm> "frist"@nb .`,
  `<${C}> <http://www.w3.org/2008/05/skos-xl#prefLabel> <${SKOLEM}l2> .`,
  `<${SKOLEM}l2> <http://www.w3.org/2008/05/skos-xl#literalForm> "time limit"@en .`,
  `<${C}> <http://www.w3.org/2008/05/skos-xl#hiddenLabel> <${SKOLEM}l3> .`,
  `<${SKOLEM}l3> <http://www.w3.org/2008/05/skos-xl#literalForm> "<script>alert(1)</script>"@nb .`,
  `<${C}> <http://publications.europa.eu/ontology/euvoc#xlDefinition> <${SKOLEM}d1> .`,
  `<${SKOLEM}d1> <http://www.w3.org/1999/02/22-rdf-syntax-ns#value> "tidspunkt da noe senest skal skje"@nb .`,
  `<${SKOLEM}d1> <http://purl.org/dc/terms/source> "javascript:alert(1)" .`,
].join('\n');

function view(): RecordView {
  const record: StoredRecord = {
    id: '00000000-0000-3000-8000-000000000001', iri: C, kind: 'concept', sourceId: 's', catalogId: null, hash: 'h', status: 'published',
    issued: '2026-01-01T00:00:00Z', modified: '2026-01-02T00:00:00Z', removedAt: null, graph, validation: null,
  };
  return { record, graph: new RecordGraphView(graph), iri: C, outgoing: new Map(), incoming: [], termLabel: () => undefined, artefacts: [] };
}

describe('the concept page', () => {
  it('is titled by its SKOS-XL preferred term in the page language, then by fallback', () => {
    const en = renderDocument(h(RecordPage, { ctx: contextFor('en', '/'), view: view() }));
    expect(en).toMatch(/<h1 class="ds-heading" data-size="lg">time limit<\/h1>/);
    const nn = renderDocument(h(RecordPage, { ctx: contextFor('nn', '/'), view: view() }));
    expect(nn).toMatch(/<h1 class="ds-heading" data-size="lg" lang="nb">frist<\/h1>/);
  });

  it('shows deprecated terms and sources as text, escaped, and links only http(s) sources', () => {
    const html = renderDocument(h(RecordPage, { ctx: contextFor('nb', '/'), view: view() }));
    expect(html).toContain('<dt>Frarådet term</dt><dd><div>&lt;script>alert(1)&lt;/script></div></dd>');
    expect(html).not.toContain('<script>alert');
    expect(html).toContain('<dt>Kilde</dt><dd><div>javascript:alert(1)</div></dd>');
    expect(html).not.toContain('href="javascript:');
  });
});
