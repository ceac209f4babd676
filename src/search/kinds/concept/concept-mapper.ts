import { langMapOf, type LangMap } from '../../../core/lang-map.js';
import type { LabelRole } from '../../../core/concept-label.js';
import { hashableKey } from '../../../core/hashable-key.js';
import type { SearchLanguage } from '../../../core/ports/search-index.js';
import { describeConcept, type LangText } from '../../../rdf/concept-description.js';
import { SKOS } from '../../../rdf/namespaces.js';
import { quadsOfRecordGraph } from '../../../rdf/record-graph.js';
import { analysisLanguageOf } from '../../analysis/text-language.js';
import type { TaggedText } from '../../document/search-document.js';
import { highlightText, type Highlighter } from '../../highlight.js';
import type { HitContext, KindFields, KindMapper, MapperInput } from '../kind-mapper.js';
import { CONCEPT_FACETS, CONCEPT_KINDS } from './concept-facets.js';
import { trimTrailing } from '../../../rdf/trim-trailing.js';

/** Norwegian first: the language whose text names a subject area given as text. */
const KEY_LANGUAGES = ['nb', 'no', '', 'nn', 'en'];

/**
 * How many terms of each role a concept's hit keeps, to show and to say which one matched (every term is
 * searched). A concept of 20 000 admitted terms gave them all in each hit and highlighted each one.
 */
export const MAX_STORED_TERMS = 200;
/** How many admitted terms a hit gives (`altLabels`). */
export const MAX_HIT_ALT_LABELS = 20;

/** A concept's terms as its hits keep them: `[text, language]` per role, at most MAX_STORED_TERMS each. */
interface StoredTerms {
  readonly prefLabel: readonly (readonly [string, string])[];
  readonly altLabel: readonly (readonly [string, string])[];
  readonly hiddenLabel: readonly (readonly [string, string])[];
}

/** What a concept hit stores (`hit`): its terms, status code and validity period. */
interface StoredConceptHit {
  readonly terms: StoredTerms;
  readonly status: string | null;
  readonly validFrom: string | null;
  readonly validTo: string | null;
}

/** Which term a text query matched: the preferred term, an admitted term (altLabel) or a hidden one. */
export interface MatchedTerm {
  readonly term: string;
  readonly lang: string;
  readonly type: LabelRole;
}

/** Whether a validity period holds on `today` (`YYYY-MM-DD`): current, expired (ended before) or future (starts after). */
export function validityOn(validFrom: string | null, validTo: string | null, today: string): 'current' | 'expired' | 'future' {
  if (validTo !== null && validTo < today) return 'expired';
  if (validFrom !== null && validFrom > today) return 'future';
  return 'current';
}

const tagged = (texts: readonly LangText[]): TaggedText[] => texts.map((t) => ({ text: t.value.trim(), language: t.lang })).filter((t) => t.text !== '');
const codeOfIri = (iri: string): string => trimTrailing(iri, '/#').split(/[/#]/).pop() ?? iri;

/** The subject areas of text: one area when each language says it once, else one area per Norwegian (else first) text. */
function textSubjectAreas(texts: readonly LangText[]): { key: string; label: LangMap }[] {
  if (texts.length === 0) return [];
  const languages = new Set(texts.map((t) => t.lang));
  if (languages.size === texts.length) {
    const lang = KEY_LANGUAGES.find((l) => languages.has(l)) ?? texts[0]!.lang;
    return [{ key: texts.find((t) => t.lang === lang)!.value.trim(), label: langMapOf(texts.map((t) => ({ value: t.value, language: t.lang }))) }];
  }
  const lang = KEY_LANGUAGES.find((l) => languages.has(l)) ?? texts[0]!.lang;
  return texts.filter((t) => t.lang === lang).map((t) => ({ key: t.value.trim(), label: langMapOf([{ value: t.value, language: t.lang }]) }));
}

/**
 * A concept's part of its search document: every preferred term is title text (SKOS and SKOS-XL, all
 * languages), admitted and hidden terms are keywords (found, ranked below the preferred term), every
 * definition is description text (euvoc:xlDefinition as well as skos:definition), scope notes and
 * examples related text. Facets: subject area, status, collection, and the audiences it has a
 * definition for. The hit keeps the terms to say which one a query matched.
 */
function mapConcept({ graph, subject, vocabulary: vocab, labels, catalog }: MapperInput): KindFields {
  const concept = describeConcept(quadsOfRecordGraph(graph), subject);
  const ofRole = (role: LabelRole): LangText[] => concept.labels.filter((l) => l.role === role);

  const subjectAreas = new Set<string>();
  for (const iri of concept.subjectIris) {
    subjectAreas.add(iri);
    labels.add('subjectArea', iri, vocab.label(iri));
  }
  for (const area of textSubjectAreas(concept.subjectTexts)) {
    subjectAreas.add(area.key);
    labels.add('subjectArea', area.key, area.label);
  }

  const statuses: string[] = [];
  for (const iri of concept.statusIris) {
    const code = vocab.codeOf(iri);
    statuses.push(code);
    labels.add('conceptStatus', code, vocab.label(iri), false);
  }
  for (const t of concept.statusTexts) {
    statuses.push(t.value.trim());
    labels.add('conceptStatus', t.value.trim(), langMapOf([{ value: t.value, language: t.lang }]), false);
  }

  const collections = new Set<string>();
  if (catalog !== undefined) {
    collections.add(catalog.iri);
    labels.add('collection', catalog.iri, catalog.title, false);
  }
  for (const iri of concept.memberOf) collections.add(iri);

  // The texts of one definition node share its audience list: each list, and each audience, is read once
  // (walked per text, a node of T texts and A audiences took T × A steps: 8 000 triples, 4 s).
  const audiences = new Set<string>();
  const listsSeen = new Set<readonly string[]>();
  const audiencesSeen = new Set<string>();
  for (const d of concept.definitions) {
    if (listsSeen.has(d.audience)) continue;
    listsSeen.add(d.audience);
    for (const a of d.audience) {
      if (audiencesSeen.has(a)) continue;
      audiencesSeen.add(a);
      const code = a.includes('/') || a.includes('#') ? codeOfIri(a) : a.trim();
      audiences.add(code);
      labels.add('audience', code, vocab.label(a), false);
    }
  }

  // The shared part has the plain skos:prefLabel and skos:definition already (src/rdf/resource-title.ts).
  const plain = (predicate: string) => new Set(graph.literals(subject, predicate).map((l) => hashableKey(`${l.language}\u0000${l.value}`)));
  const plainTerms = plain(SKOS.prefLabel);
  const plainDefinitions = plain(SKOS.definition);
  const notIn = (seen: ReadonlySet<string>) => (t: LangText): boolean => !seen.has(hashableKey(`${t.lang}\u0000${t.value}`));
  const kept = (role: LabelRole) => ofRole(role).slice(0, MAX_STORED_TERMS).map((l) => [l.value, l.lang] as const);
  const terms: StoredTerms = { prefLabel: kept('prefLabel'), altLabel: kept('altLabel'), hiddenLabel: kept('hiddenLabel') };
  const hit: StoredConceptHit = {
    terms,
    status: statuses[0] ?? null,
    validFrom: concept.validFrom,
    validTo: concept.validTo,
  };
  return {
    texts: {
      titles: tagged(ofRole('prefLabel').filter(notIn(plainTerms))),
      keywords: tagged([...ofRole('altLabel'), ...ofRole('hiddenLabel')]),
      descriptions: tagged(concept.definitions.filter(notIn(plainDefinitions))),
      related: tagged([...concept.scopeNotes, ...concept.examples]),
    },
    facets: { subjectArea: [...subjectAreas], conceptStatus: statuses, collection: [...collections], audience: [...audiences] },
    hit: { ...hit },
    validity: { from: concept.validFrom, to: concept.validTo },
    relations: [
      ...concept.genericParents, ...concept.genericChildren, ...concept.partitiveParents, ...concept.partitiveChildren, ...concept.related,
    ].map((l) => l.iri).concat(concept.exactMatches, concept.closeMatches, concept.inSchemes),
  };
}

const LANGUAGE_ORDER: Readonly<Record<SearchLanguage, readonly string[]>> = {
  nb: ['nb', 'no', '', 'nn', 'en'],
  nn: ['nn', 'no', '', 'nb', 'en'],
  en: ['en', 'nb', 'no', '', 'nn'],
};

/** The first term the query matched, preferred terms before admitted before hidden ones, the answer's language first. */
function matchedTerm(terms: StoredTerms, highlighter: Highlighter, lang: SearchLanguage): MatchedTerm | null {
  const order = LANGUAGE_ORDER[lang];
  const rank = (l: string): number => (order.includes(l) ? order.indexOf(l) : order.length);
  for (const type of ['prefLabel', 'altLabel', 'hiddenLabel'] as const) {
    const candidates = [...terms[type]].sort((a, b) => rank(a[1]) - rank(b[1]));
    for (const [term, language] of candidates) {
      if (highlightText(highlighter, term, analysisLanguageOf(language)) !== null) return { term, lang: language, type };
    }
  }
  return null;
}

/**
 * A concept hit's own fields: its admitted terms in the answer's language (else all; at most
 * MAX_HIT_ALT_LABELS), which term the
 * query matched (`matchedTerm`, null without a text query or when only the definition matched), the
 * status code, the validity period and whether it holds today (computed when answering).
 */
function conceptHitFields(stored: Readonly<Record<string, unknown>>, { lang, highlighter }: HitContext): Record<string, unknown> {
  const hit = stored as unknown as StoredConceptHit;
  const terms = hit.terms ?? { prefLabel: [], altLabel: [], hiddenLabel: [] };
  const inLanguage = terms.altLabel.filter(([, l]) => LANGUAGE_ORDER[lang].slice(0, 3).includes(l));
  return {
    altLabels: (inLanguage.length > 0 ? inLanguage : terms.altLabel).slice(0, MAX_HIT_ALT_LABELS).map(([t]) => t),
    matchedTerm: highlighter === null ? null : matchedTerm(terms, highlighter, lang),
    status: hit.status ?? null,
    validFrom: hit.validFrom ?? null,
    validTo: hit.validTo ?? null,
    validity: validityOn(hit.validFrom ?? null, hit.validTo ?? null, new Date().toISOString().slice(0, 10)),
  };
}

export const conceptMapper: KindMapper = {
  name: 'skos-ap-no-concept',
  kinds: CONCEPT_KINDS,
  version: '2',
  facets: CONCEPT_FACETS,
  map: mapConcept,
  hitFields: conceptHitFields,
};
