import type { Quad, Term } from '@rdfjs/types';
import type { LabelRole } from '../core/concept-label.js';
import { hashableKey } from '../core/hashable-key.js';
import { DCAT, DCT, EUVOC, RDF, RDFS, SKOS, SKOSNO, SKOSNO_LEGACY, SKOSXL, UNESKOS, XKOS } from './namespaces.js';

export type { LabelRole } from '../core/concept-label.js';

/** A text with its language tag (`''` when untagged). */
export interface LangText {
  readonly value: string;
  readonly lang: string;
}

export interface ConceptLabel extends LangText {
  readonly role: LabelRole;
}

export interface ConceptDefinition extends LangText {
  /** `dct:audience` IRIs (Digdir's audience types: public, specialist). */
  readonly audience: readonly string[];
  /** `dct:source` values (IRIs or texts). */
  readonly sources: readonly string[];
  /** `skosno:relationshipWithSource` (SKOS-AP-NO 2.0) or `skosno:forholdTilKilde` (1.x). */
  readonly relationshipWithSource: string | null;
}

/** A link to another concept, with the words that qualify it (a criterion of subdivision, a relation role). */
export interface ConceptLink {
  readonly iri: string;
  readonly qualifiers: readonly LangText[];
}

/**
 * What the catalog reads from a concept's record graph: its terms in every language (SKOS and
 * SKOS-XL), definitions (plain, euvoc:XlNote with audience and source, and the 1.x skosno:Definisjon),
 * notes, status, validity and the generic, partitive and associative relations, each as links (IRIs).
 */
export interface ConceptDescription {
  readonly iri: string;
  readonly labels: readonly ConceptLabel[];
  readonly definitions: readonly ConceptDefinition[];
  readonly scopeNotes: readonly LangText[];
  readonly examples: readonly LangText[];
  /** `dct:subject`: IRIs of subject-field concepts, and subject fields as text. */
  readonly subjectIris: readonly string[];
  readonly subjectTexts: readonly LangText[];
  /** `euvoc:status` IRIs (the EU concept-status table) and status texts. */
  readonly statusIris: readonly string[];
  readonly statusTexts: readonly LangText[];
  /** `euvoc:startDate` / `euvoc:endDate` (SKOS-AP-NO 2.0) or `dct:temporal` with schema:/dcat: dates (1.x). */
  readonly validFrom: string | null;
  readonly validTo: string | null;
  readonly notations: readonly string[];
  readonly inSchemes: readonly string[];
  /** Collections the concept says it is in (`uneskos:memberOf`). */
  readonly memberOf: readonly string[];
  readonly publisher: string | null;
  /** Generic hierarchy: more general concepts (skos:broader, xkos:specializes, skosno:hasGenericConcept). */
  readonly genericParents: readonly ConceptLink[];
  /** Generic hierarchy: more specific concepts (skos:narrower, xkos:generalizes, skosno:hasSpecificConcept). */
  readonly genericChildren: readonly ConceptLink[];
  /** Partitive hierarchy: the wholes (xkos:isPartOf, skosno:hasComprehensiveConcept). */
  readonly partitiveParents: readonly ConceptLink[];
  /** Partitive hierarchy: the parts (xkos:hasPart, skosno:hasPartitiveConcept). */
  readonly partitiveChildren: readonly ConceptLink[];
  /** Associative relations: skos:related, skosno:hasToConcept (with the role), rdfs:seeAlso. */
  readonly related: readonly ConceptLink[];
  readonly exactMatches: readonly string[];
  readonly closeMatches: readonly string[];
  readonly replaces: readonly string[];
  readonly isReplacedBy: readonly string[];
}

const DATE_PREDICATES_START = ['http://schema.org/startDate', `${DCAT.$base}startDate`];
const DATE_PREDICATES_END = ['http://schema.org/endDate', `${DCAT.$base}endDate`];

/** The quads of a graph by subject (`_:label` for blank nodes). */
function bySubject(quads: readonly Quad[]): Map<string, Quad[]> {
  const map = new Map<string, Quad[]>();
  for (const q of quads) {
    const key = subjectKey(q.subject);
    let list = map.get(key);
    if (!list) map.set(key, (list = []));
    list.push(q);
  }
  return map;
}

function subjectKey(term: Term): string {
  return term.termType === 'BlankNode' ? `_:${term.value}` : term.value;
}

/** Reads the concept `iri` from its record graph (the concept's own triples and the nodes it links). */
export function describeConcept(quads: readonly Quad[], iri: string): ConceptDescription {
  const index = bySubject(quads);
  const own = index.get(iri) ?? [];
  const objects = (subject: Quad[] | undefined, predicate: string): Term[] => (subject ?? []).filter((q) => q.predicate.value === predicate).map((q) => q.object);
  const nodeOf = (term: Term): Quad[] | undefined => (term.termType === 'Literal' ? undefined : index.get(subjectKey(term)));
  const texts = (terms: readonly Term[]): LangText[] => terms.filter((t) => t.termType === 'Literal').map((t) => ({ value: t.value, lang: (t as { language: string }).language }));
  const iris = (terms: readonly Term[]): string[] => unique(terms.filter((t) => t.termType === 'NamedNode').map((t) => t.value));
  const own_ = (predicate: string): Term[] => objects(own, predicate);

  const labels: ConceptLabel[] = [];
  const seen = new Set<string>();
  const addLabel = (role: LabelRole, t: LangText): void => {
    const k = hashableKey(`${role}\u0000${t.lang}\u0000${t.value}`);
    if (seen.has(k) || t.value.trim() === '') return;
    seen.add(k);
    labels.push({ ...t, role });
  };
  for (const [role, plain, xl] of [
    ['prefLabel', SKOS.prefLabel, SKOSXL.prefLabel],
    ['altLabel', SKOS.altLabel, SKOSXL.altLabel],
    ['hiddenLabel', SKOS.hiddenLabel, SKOSXL.hiddenLabel],
  ] as const) {
    for (const t of texts(own_(plain))) addLabel(role, t);
    for (const node of own_(xl)) for (const t of texts(objects(nodeOf(node), SKOSXL.literalForm))) addLabel(role, t);
  }

  // The label of a source node, read once however many definitions name it (2 000 definitions sharing a
  // source of 2 000 labels read them 2 000 times: 1 s; at 4 000, 3 s).
  const sourceLabels = new Map<string, string>();
  function sourceLabel(source: Term): string {
    const key = subjectKey(source);
    let label = sourceLabels.get(key);
    if (label === undefined) {
      label = texts(objects(nodeOf(source), RDFS.label))[0]?.value ?? (source.termType === 'NamedNode' ? source.value : '');
      sourceLabels.set(key, label);
    }
    return label;
  }

  const definitions: ConceptDefinition[] = [];
  for (const t of texts(own_(SKOS.definition))) definitions.push({ ...t, audience: [], sources: [], relationshipWithSource: null });
  for (const node of own_(EUVOC.xlDefinition)) for (const d of definitionObject(nodeOf(node), RDF.value, SKOSNO.relationshipWithSource, DCT.audience)) definitions.push(d);
  for (const node of own_(SKOSNO_LEGACY.definisjon)) for (const d of definitionObject(nodeOf(node), RDFS.label, SKOSNO_LEGACY.forholdTilKilde, SKOSNO_LEGACY['målgruppe'])) definitions.push(d);

  function definitionObject(node: Quad[] | undefined, textPredicate: string, relationship: string, audience: string): ConceptDefinition[] {
    const rel = objects(node, relationship)[0];
    const sources = objects(node, DCT.source)
      .map((s) => (s.termType === 'Literal' ? s.value : sourceLabel(s)))
      .filter((s) => s !== '');
    // Read once and shared by the node's texts (made anew for each, a node of 8 000 texts and 8 000 audiences took 24 s).
    const audiences = iris(objects(node, audience)).concat(texts(objects(node, audience)).map((a) => a.value));
    return texts(objects(node, textPredicate)).map((t) => ({ ...t, audience: audiences, sources, relationshipWithSource: rel === undefined ? null : rel.value }));
  }

  const link = (iri_: string, qualifiers: readonly LangText[] = []): ConceptLink => ({ iri: iri_, qualifiers });
  const relationLinks = (relationPredicate: string, targetPredicate: string, qualifierPredicate: string): ConceptLink[] =>
    own_(relationPredicate).flatMap((node) => {
      const n = nodeOf(node);
      const q = texts(objects(n, qualifierPredicate));
      return iris(objects(n, targetPredicate)).map((t) => link(t, q));
    });

  const genericParents = mergeLinks([
    ...iris(own_(SKOS.broader)).map((i) => link(i)),
    ...iris(own_(XKOS.specializes)).map((i) => link(i)),
    ...relationLinks(SKOSNO.hasGenericConceptRelation, SKOSNO.hasGenericConcept, DCT.description),
  ]);
  const genericChildren = mergeLinks([
    ...iris(own_(SKOS.narrower)).map((i) => link(i)),
    ...iris(own_(XKOS.generalizes)).map((i) => link(i)),
    ...relationLinks(SKOSNO.hasGenericConceptRelation, SKOSNO.hasSpecificConcept, DCT.description),
  ]);
  const partitiveParents = mergeLinks([
    ...iris(own_(XKOS.isPartOf)).map((i) => link(i)),
    ...relationLinks(SKOSNO.hasPartitiveConceptRelation, SKOSNO.hasComprehensiveConcept, DCT.description),
  ]);
  const partitiveChildren = mergeLinks([
    ...iris(own_(XKOS.hasPart)).map((i) => link(i)),
    ...relationLinks(SKOSNO.hasPartitiveConceptRelation, SKOSNO.hasPartitiveConcept, DCT.description),
  ]);
  const related = mergeLinks([
    ...iris(own_(SKOS.related)).map((i) => link(i)),
    ...relationLinks(SKOSNO.isFromConceptIn, SKOSNO.hasToConcept, SKOSNO.relationRole),
    ...iris(own_(RDFS.seeAlso)).map((i) => link(i)),
  ]);

  let validFrom = dateOf(own_(EUVOC.startDate));
  let validTo = dateOf(own_(EUVOC.endDate));
  for (const period of own_(DCT.temporal)) {
    const n = nodeOf(period);
    validFrom ??= dateOf(DATE_PREDICATES_START.flatMap((p) => objects(n, p)));
    validTo ??= dateOf(DATE_PREDICATES_END.flatMap((p) => objects(n, p)));
  }

  const subjects = own_(DCT.subject);
  const status = own_(EUVOC.status);
  return {
    iri,
    labels,
    definitions,
    scopeNotes: texts(own_(SKOS.scopeNote)),
    examples: texts(own_(SKOS.example)),
    subjectIris: iris(subjects),
    subjectTexts: texts(subjects),
    statusIris: iris(status),
    statusTexts: texts(status),
    validFrom,
    validTo,
    notations: unique(texts(own_(SKOS.notation)).map((t) => t.value)),
    inSchemes: iris(own_(SKOS.inScheme)),
    memberOf: iris(own_(UNESKOS.memberOf)),
    publisher: iris(own_(DCT.publisher))[0] ?? null,
    genericParents,
    genericChildren,
    partitiveParents,
    partitiveChildren,
    related,
    exactMatches: iris(own_(SKOS.exactMatch)),
    closeMatches: iris(own_(SKOS.closeMatch)),
    replaces: iris(own_(DCT.replaces)),
    isReplacedBy: iris(own_(DCT.isReplacedBy)),
  };
}

/** The first date (`YYYY-MM-DD`) among the values, or null. */
function dateOf(terms: readonly Term[]): string | null {
  for (const t of terms) {
    if (t.termType !== 'Literal') continue;
    const m = /^(\d{4}-\d{2}-\d{2})/.exec(t.value.trim());
    if (m) return m[1]!;
  }
  return null;
}

function unique(values: readonly string[]): string[] {
  return [...new Set(values)];
}

/** The most qualifiers (texts saying how a concept relates) one link keeps: every view repeats them per link. */
export const MAX_QUALIFIERS = 20;

/**
 * One link per IRI, its qualifiers merged: each once (by a set: a search of the list so far was cubic in a
 * relation node's size), at most MAX_QUALIFIERS, in first-seen order. A relation node's qualifiers are one
 * list shared by its targets: deduplicated once and shared, not copied for each (T targets and Q qualifiers
 * made T × Q).
 */
function mergeLinks(links: readonly ConceptLink[]): ConceptLink[] {
  const distinct = new Map<readonly LangText[], LangText[]>();
  const byIri = new Map<string, LangText[]>();
  for (const l of links) {
    let own = distinct.get(l.qualifiers);
    if (own === undefined) distinct.set(l.qualifiers, (own = appendDistinct([], l.qualifiers)));
    const merged = byIri.get(l.iri);
    if (merged === undefined) byIri.set(l.iri, own);
    // A second link to the same IRI: its qualifiers join the first's (a list of its own from here on).
    else if (own.length > 0) byIri.set(l.iri, appendDistinct([...merged], own));
  }
  return [...byIri].map(([iri, qualifiers]) => ({ iri, qualifiers }));
}

/** Appends to `into` the texts it does not hold yet, until it holds MAX_QUALIFIERS; returns it. */
function appendDistinct(into: LangText[], texts: readonly LangText[]): LangText[] {
  const key = (t: LangText): string => hashableKey(`${t.lang}\u0000${t.value}`);
  const seen = new Set(into.map(key));
  for (const t of texts) {
    if (into.length >= MAX_QUALIFIERS) break;
    const k = key(t);
    if (seen.has(k)) continue;
    seen.add(k);
    into.push(t);
  }
  return into;
}

/** The preferred term in the first language of `languages` that has one, else any preferred term, else any label. */
export function preferredTerm(labels: readonly ConceptLabel[], languages: readonly string[]): LangText | null {
  const pref = labels.filter((l) => l.role === 'prefLabel');
  // The first preferred term per language, found once: a search per language was languages × terms.
  const firstIn = new Map<string, ConceptLabel>();
  for (const l of pref) if (!firstIn.has(l.lang)) firstIn.set(l.lang, l);
  for (const lang of languages) {
    const found = firstIn.get(lang);
    if (found) return { value: found.value, lang: found.lang };
  }
  const any = pref[0] ?? labels[0];
  return any ? { value: any.value, lang: any.lang } : null;
}
