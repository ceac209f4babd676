import { DCT, FOAF, RDFS, SKOS } from '../rdf/namespaces.js';
import type { RecordGraph } from '../rdf/record-graph.js';

/** A title per language tag (lower case; `''` for text without a language). */
export type Titles = Readonly<Record<string, string>>;

/** What names a resource, in order: datasets, services and models have a title, concepts a preferred label. */
const TITLE_PREDICATES = [DCT.title, SKOS.prefLabel, RDFS.label, FOAF.name];

/** The titles of a subject from the first naming property it has. */
export function titlesOf(graph: RecordGraph, subject: string): Titles {
  for (const predicate of TITLE_PREDICATES) {
    const out: Record<string, string> = {};
    for (const l of graph.literals(subject, predicate)) {
      const text = l.value.trim();
      if (text !== '' && out[l.language] === undefined) out[l.language] = text;
    }
    if (Object.keys(out).length > 0) return out;
  }
  return {};
}

/** Fallback order per requested language: the other Norwegian written standard before English. */
const FALLBACK: Readonly<Record<string, readonly string[]>> = {
  nb: ['nb', 'no', '', 'nn', 'en'],
  nn: ['nn', 'no', '', 'nb', 'en'],
  en: ['en', 'nb', 'no', '', 'nn'],
};

/** The title in the requested language, else the nearest one, else any; null for a subject without a title. */
export function pickTitle(titles: Titles, lang: string): string | null {
  for (const tag of FALLBACK[lang] ?? [lang]) {
    const text = titles[tag];
    if (text !== undefined) return text;
  }
  const first = Object.keys(titles).sort()[0];
  return first === undefined ? null : titles[first]!;
}
