import type { Quad, Term } from '@rdfjs/types';
import { DataFactory } from 'n3';
import type { HarvestedConcept } from '../core/ports/harvested-vocabulary.js';
import { RDF, SH, SKOS } from '../rdf/namespaces.js';
import type { IndexedDataset } from './indexed-dataset.js';

const { namedNode, quad } = DataFactory;

/**
 * The controlled vocabularies harvested reference data may extend, by scheme IRI, each with the classes
 * a concept of it gets in the validation background.
 */
export type ControlledSchemes = ReadonlyMap<string, readonly string[]>;

const path = namedNode(SH.path);
const hasValue = namedNode(SH.hasValue);
const or = namedNode(SH.or);
const inScheme = namedNode(SKOS.inScheme);
const type = namedNode(RDF.type);
const concept = namedNode(SKOS.Concept);

function listItems(list: Term, shapes: IndexedDataset): Term[] {
  const out: Term[] = [];
  let node: Term | undefined = list;
  while (node !== undefined && node.value !== RDF.nil && out.length < 1000) {
    const first = shapes.find(node, namedNode(RDF.first), null)[0]?.object;
    if (first === undefined) break;
    out.push(first);
    node = shapes.find(node, namedNode(RDF.rest), null)[0]?.object;
  }
  return out;
}

/**
 * The schemes the vocabulary rules name: the `sh:hasValue` of every property shape on `skos:inScheme`
 * (and of the alternatives of its `sh:or`), as in DCAT-AP-NO 3.0's vocabularies rule set
 * (`:FileTypeRestriction` asks `skos:inScheme <…/file-type>` of a `dct:format` value, …).
 */
export function schemesNamedByRules(shapesGraphs: readonly IndexedDataset[]): Set<string> {
  const schemes = new Set<string>();
  for (const shapes of shapesGraphs) {
    for (const q of shapes.find(null, path, inScheme)) {
      const values = [...shapes.find(q.subject, hasValue, null).map((v) => v.object)];
      for (const alternatives of shapes.find(q.subject, or, null)) {
        for (const item of listItems(alternatives.object, shapes)) values.push(...shapes.find(item, hasValue, null).map((v) => v.object));
      }
      for (const v of values) if (v.termType === 'NamedNode') schemes.add(v.value);
    }
  }
  return schemes;
}

/**
 * Which harvested schemes count as a controlled vocabulary, and what a harvested concept of each
 * becomes in the validation background:
 * - a scheme a vocabulary rule names (`schemesNamedByRules`), or a scheme whose concepts the bundled
 *   vocab/ holds (a controlled vocabulary the catalog already holds in part: a fuller or newer release
 *   of it extends it);
 * - such a concept gets `rdf:type skos:Concept`, `skos:inScheme` the scheme, and the classes every
 *   bundled concept of that scheme has (a file type is also a `dct:MediaTypeOrExtent`, an access right a
 *   `dct:RightsStatement`, …), so every profile's class rules judge it as they judge a bundled one.
 */
export function controlledSchemes(shapesGraphs: readonly IndexedDataset[], background: IndexedDataset): ControlledSchemes {
  const classes = new Map<string, Set<string>>();
  for (const scheme of schemesNamedByRules(shapesGraphs)) classes.set(scheme, new Set([SKOS.Concept]));
  const bundled = new Map<string, Set<string>[]>();
  for (const q of background.find(null, inScheme, null)) {
    if (q.object.termType !== 'NamedNode' || background.find(q.subject, type, concept).length === 0) continue;
    const types = new Set(background.find(q.subject, type, null).map((t) => t.object.value));
    const list = bundled.get(q.object.value) ?? [];
    list.push(types);
    bundled.set(q.object.value, list);
  }
  for (const [scheme, typeSets] of bundled) {
    const shared = new Set([...typeSets[0]!].filter((t) => typeSets.every((s) => s.has(t))));
    shared.add(SKOS.Concept);
    classes.set(scheme, shared);
  }
  return new Map([...classes].map(([scheme, set]) => [scheme, [...set].sort()]));
}

function hostOf(iri: string): string | undefined {
  try {
    const url = new URL(iri);
    return url.protocol === 'http:' || url.protocol === 'https:' ? url.host.toLowerCase() : undefined;
  } catch {
    return undefined;
  }
}

/**
 * The triples harvested concepts add to the validation background: for each concept in a controlled
 * scheme, the triples `controlledSchemes` says. A concept counts for a scheme only when its IRI is on the
 * scheme's host (`…/file-type/PARQUET` in `…/file-type`, `…/legal-resource-type#act` in
 * `…/legal-resource-type`): a reference source can extend a vocabulary with its terms, never make an
 * organisation or a dataset of someone else's into a term of one. In order, each triple once.
 */
export function harvestedLayer(concepts: readonly HarvestedConcept[], controlled: ControlledSchemes): Quad[] {
  const lines = new Map<string, Quad>();
  const add = (q: Quad): void => {
    const key = `${q.subject.value} ${q.predicate.value} ${q.object.value}`;
    if (!lines.has(key)) lines.set(key, q);
  };
  for (const c of concepts) {
    const host = hostOf(c.iri);
    if (host === undefined) continue;
    for (const scheme of c.schemes) {
      const classes = controlled.get(scheme);
      if (classes === undefined || hostOf(scheme) !== host) continue;
      const subject = namedNode(c.iri);
      for (const cls of classes) add(quad(subject, type, namedNode(cls)));
      add(quad(subject, inScheme, namedNode(scheme)));
    }
  }
  return [...lines.values()].sort((a, b) => (a.subject.value < b.subject.value ? -1 : a.subject.value > b.subject.value ? 1 : 0));
}
