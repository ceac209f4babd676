// A long information model is shown a page of its elements at a time: each page about MODEL_PAGE_WEIGHT
// entries, an element never cut, links to parts on other pages naming their page, and a link from
// elsewhere (`?element=`) opening the page that holds the part.
import { h } from 'preact';
import { Parser } from 'n3';
import { describe, expect, it } from 'vitest';
import { DEFAULT_MAX_MODEL_QUADS, splitModelldcatApNo } from '../../../harvesters/modelldcat-ap-no/index.js';
import type { StoredRecord } from '../../../src/core/catalog-record.js';
import { renderDocument } from '../../../src/http/portal/html/render-document.js';
import { RecordPage } from '../../../src/http/portal/pages/record-page.js';
import { contextFor } from '../../../src/http/portal/portal-context.js';
import { elementAnchor } from '../../../src/http/portal/records/element-anchor.js';
import { askedModelPage, MODEL_PAGE_WEIGHT, modelPages } from '../../../src/http/portal/records/kinds/model-pages.js';
import { RecordGraphView } from '../../../src/http/portal/records/record-graph-view.js';
import type { RecordView } from '../../../src/http/portal/records/record-view.js';
import { describeModel } from '../../../src/rdf/model-description.js';
import { canonicalNTriples } from '../../../src/rdf/ntriples.js';
import { SubjectIndex } from '../../../src/rdf/subject-index.js';

const MODEL = 'https://models.example.no/a';
const ID = '00000000-0000-3000-8000-000000000003';
const TYPES = 300;
const pad = (i: number): string => String(i).padStart(3, '0');

/** A model of TYPES object types T000…, each with five attributes whose type is the next object type. */
function modelGraph(): string {
  let ttl = `@prefix dct: <http://purl.org/dc/terms/> . @prefix dcat: <http://www.w3.org/ns/dcat#> . @prefix m: <https://data.norge.no/vocabulary/modelldcatno#> . @prefix a: <${MODEL}#> .
<https://models.example.no/catalog> a dcat:Catalog ; dct:title "Modeller"@nb ; m:model <${MODEL}> .
<${MODEL}> a m:InformationModel ; dct:title "Stor modell"@nb ; m:containsModelElement ${Array.from({ length: TYPES }, (_, i) => `a:T${pad(i)}`).join(', ')} .
`;
  for (let i = 0; i < TYPES; i++) {
    ttl += `a:T${pad(i)} a m:ObjectType ; dct:title "Type ${pad(i)}"@nb ; m:hasProperty ${Array.from({ length: 5 }, (_, j) => `a:p${pad(i)}_${j}`).join(', ')} .\n`;
    for (let j = 0; j < 5; j++) ttl += `a:p${pad(i)}_${j} a m:Attribute ; dct:title "egenskap ${j} av ${pad(i)}"@nb ; m:hasSimpleType a:T${pad((i + 1) % TYPES)} .\n`;
  }
  const split = splitModelldcatApNo(new SubjectIndex().addAll(new Parser().parse(ttl)), { sourceId: 'm', sourceName: 'https://models.example.no/c.ttl', publisher: '991825827', baseUrl: 'http://localhost' }, { maxRecordQuads: DEFAULT_MAX_MODEL_QUADS });
  return canonicalNTriples(split.records.find((r) => r.iri === MODEL)!.quads);
}

const graph = modelGraph();
const page = (currentPath: string): string => {
  const record: StoredRecord = { id: ID, iri: MODEL, kind: 'information-model', sourceId: 's', catalogId: null, hash: 'h', status: 'published', issued: '2026-01-01T00:00:00Z', modified: '2026-01-02T00:00:00Z', removedAt: null, graph, validation: null };
  const view: RecordView = { record, graph: new RecordGraphView(graph), iri: MODEL, outgoing: new Map(), incoming: [], termLabel: () => undefined, artefacts: [] };
  return renderDocument(h(RecordPage, { ctx: contextFor('nb', currentPath), view }));
};
const elementsOn = (html: string): string[] => [...html.matchAll(/<h3[^>]*id="el-[^"]+-h"[^>]*>Type (\d+)/g)].map((m) => m[1]!);
const path = `/information-models/${ID}`;

describe('pages of a long information model', () => {
  const model = describeModel(new RecordGraphView(graph).quads, MODEL);
  const pages = modelPages(model.elements);

  it('cuts the elements into pages of about MODEL_PAGE_WEIGHT entries, never inside an element, and knows the page of every part', () => {
    expect(model.elements).toHaveLength(TYPES);
    expect(pages.pages.length).toBe(Math.ceil(TYPES / Math.floor(MODEL_PAGE_WEIGHT / 6)));
    expect(pages.pages.flat().map((e) => e.iri)).toEqual(model.elements.map((e) => e.iri));
    for (const p of pages.pages) expect(p.length * 6).toBeLessThanOrEqual(MODEL_PAGE_WEIGHT);
    const last = model.elements.at(-1)!;
    expect(pages.pageOf.get(last.iri)).toBe(pages.pages.length);
    expect(pages.pageOf.get(last.properties[0]!.iri)).toBe(pages.pages.length);
    // An element heavier than a page is a page of its own.
    const heavy = modelPages(model.elements, 4);
    expect(heavy.pages.every((p) => p.length === 1)).toBe(true);
  });

  it('opens the page asked for: the one holding ?element=, else ?elements=n within the pages, else the first', () => {
    const last = model.elements.at(-1)!;
    expect(askedModelPage(`${path}?element=${encodeURIComponent(last.properties[2]!.iri)}`, pages)).toBe(pages.pages.length);
    expect(askedModelPage(`${path}?elements=2`, pages)).toBe(2);
    expect(askedModelPage(`${path}?elements=999999`, pages)).toBe(pages.pages.length);
    for (const bad of ['0', '-1', 'x', '']) expect(askedModelPage(`${path}?elements=${bad}`, pages), bad).toBe(1);
    expect(askedModelPage(`${path}?element=https://elsewhere.example/x`, pages)).toBe(1);
  });

  it('shows the elements of one page, the contents of that page, and links to parts on other pages with their page', () => {
    const first = page(path);
    const perPage = pages.pages[0]!.length;
    expect(elementsOn(first)).toEqual(Array.from({ length: perPage }, (_, i) => pad(i)));
    expect(first).toContain(`Viser 1–${perPage} av ${TYPES}`);
    // The last element of page 1 has attributes of the first type of page 2: linked with the page.
    const next = model.elements[perPage]!;
    expect(first).toContain(`href="${path}?elements=2&amp;lang=nb#${elementAnchor(next.iri)}"`);
    // A type on the same page is linked by its anchor alone.
    expect(first).toContain(`href="#${elementAnchor(model.elements[1]!.iri)}"`);
    expect(first).toContain(`href="${path}?elements=2&amp;lang=nb#model-contents"`);

    const second = page(`${path}?elements=2`);
    expect(elementsOn(second)[0]).toBe(pad(perPage));
    const lastPage = page(`${path}?element=${encodeURIComponent(model.elements.at(-1)!.iri)}`);
    expect(elementsOn(lastPage).at(-1)).toBe(pad(TYPES - 1));
  });
});
