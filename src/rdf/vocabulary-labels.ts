import type { Quad } from '@rdfjs/types';
import { langMapOf, type LangMap } from '../core/lang-map.js';
import { FOAF, RDFS, SKOS } from './namespaces.js';

/** The label predicates, most preferred first: concepts' skos:prefLabel, agents' foaf:name, anything's rdfs:label. */
const LABEL_PREDICATES = [SKOS.prefLabel, FOAF.name, RDFS.label];

/** The labels of every IRI-named subject in the triples, per language (the first label per language wins). */
export function labelsOfQuads(quads: readonly Quad[]): Map<string, LangMap> {
  const literals = new Map<string, Map<string, { value: string; language: string }[]>>();
  for (const q of quads) {
    if (q.subject.termType !== 'NamedNode' || q.object.termType !== 'Literal' || !LABEL_PREDICATES.includes(q.predicate.value as never)) continue;
    let byPredicate = literals.get(q.subject.value);
    if (byPredicate === undefined) literals.set(q.subject.value, (byPredicate = new Map()));
    const list = byPredicate.get(q.predicate.value) ?? [];
    list.push({ value: q.object.value, language: q.object.language });
    byPredicate.set(q.predicate.value, list);
  }
  const out = new Map<string, LangMap>();
  for (const [iri, byPredicate] of literals) {
    const label = langMapOf(LABEL_PREDICATES.flatMap((p) => byPredicate.get(p) ?? []));
    if (Object.keys(label).length > 0) out.set(iri, label);
  }
  return out;
}
