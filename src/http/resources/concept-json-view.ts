import { Parser } from 'n3';
import type { StoredRecord } from '../../core/catalog-record.js';
import type { RelationsIndex } from '../../core/ports/relations-index.js';
import { recordUri } from '../../rdf/catalog-record.js';
import { describeConcept, type ConceptDescription, type ConceptLink, type LangText } from '../../rdf/concept-description.js';
import { conceptOutline } from '../../rdf/concept-outline.js';
import type { TextByLanguage } from './record-json-view.js';

/** How far up a hierarchy the view walks, and how many concepts it reads on the way: a cycle or a deep chain in harvested data stops there. */
export const MAX_HIERARCHY_DEPTH = 20;
export const MAX_HIERARCHY_CONCEPTS = 200;

/** Another concept named by this one: its IRI, its record (null when the catalog holds none: an external concept), its preferred terms. */
export interface ConceptLinkView {
  readonly iri: string;
  readonly uri: string | null;
  readonly prefLabel: TextByLanguage;
  /** Words that qualify the relation: a criterion of subdivision, an associative relation's role. */
  readonly qualifiers?: readonly LangText[];
}

/** A concept's place in one hierarchy: its parents and children, and every ancestor up to the top (bounded). */
export interface HierarchyView {
  readonly parents: readonly ConceptLinkView[];
  readonly children: readonly ConceptLinkView[];
  /** Ancestors nearest first, each once, with their distance (1 = parent). */
  readonly ancestors: readonly (ConceptLinkView & { readonly depth: number })[];
  /** True when the walk up met a concept it had seen (a cycle in the source's data) and stopped there. */
  readonly cycle: boolean;
  /** True when the walk stopped at MAX_HIERARCHY_DEPTH or MAX_HIERARCHY_CONCEPTS. */
  readonly truncated: boolean;
}

export interface ConceptJsonView {
  readonly prefLabel: TextByLanguage;
  readonly altLabel: Readonly<Record<string, readonly string[]>>;
  readonly hiddenLabel: Readonly<Record<string, readonly string[]>>;
  readonly definitions: readonly { readonly text: string; readonly lang: string; readonly audience: readonly string[]; readonly sources: readonly string[]; readonly relationshipWithSource: string | null }[];
  readonly scopeNotes: readonly LangText[];
  readonly examples: readonly LangText[];
  readonly subjects: { readonly iris: readonly string[]; readonly texts: readonly LangText[] };
  readonly status: readonly string[];
  readonly validFrom: string | null;
  readonly validTo: string | null;
  readonly validity: 'current' | 'expired' | 'future';
  readonly generic: HierarchyView;
  readonly partitive: HierarchyView;
  readonly related: readonly ConceptLinkView[];
  readonly replaces: readonly ConceptLinkView[];
  readonly isReplacedBy: readonly ConceptLinkView[];
  readonly exactMatch: readonly string[];
  readonly closeMatch: readonly string[];
}

export interface ConceptViewDeps {
  readonly baseUrl: string;
  /** The published record describing an IRI, when the catalog holds one. */
  recordOf(iri: string): Promise<StoredRecord | undefined>;
  /** For children stated only by the children themselves (`xkos:specializes`, `skosno:hasGenericConcept`). */
  readonly relations?: RelationsIndex;
  /** Today (`YYYY-MM-DD`), for the validity. */
  readonly today?: string;
}

const describe = (record: StoredRecord): ConceptDescription => describeConcept(new Parser({ format: 'N-Triples' }).parse(record.graph), record.iri);

function prefLabelOf(d: ConceptDescription | undefined): TextByLanguage {
  const out: TextByLanguage = {};
  for (const l of d?.labels ?? []) if (l.role === 'prefLabel') out[l.lang === '' ? 'und' : l.lang] ??= l.value;
  return out;
}

function termsByLanguage(d: ConceptDescription, role: 'altLabel' | 'hiddenLabel'): Record<string, string[]> {
  const out: Record<string, string[]> = {};
  for (const l of d.labels) if (l.role === role) (out[l.lang === '' ? 'und' : l.lang] ??= []).push(l.value);
  return out;
}

/**
 * The concept part of a concept record's JSON view: preferred terms per language, admitted and hidden
 * terms, definitions with their audience, notes, status and validity, its place in the generic and
 * partitive hierarchies (parents, children and every ancestor, each with its preferred terms and record
 * URI; the walk up stops at a cycle or after MAX_HIERARCHY_DEPTH / MAX_HIERARCHY_CONCEPTS), and its
 * related, replaced and replacing concepts. Concepts the catalog does not hold are links to their IRI.
 */
export async function conceptJsonView(record: StoredRecord, deps: ConceptViewDeps): Promise<ConceptJsonView> {
  const concept = describe(record);
  const cache = new Map<string, ConceptDescription | null>();
  const records = new Map<string, StoredRecord | null>();
  const load = async (iri: string): Promise<ConceptDescription | undefined> => {
    if (!cache.has(iri)) {
      const r = iri === record.iri ? record : await deps.recordOf(iri);
      const found = r !== undefined && r.kind === 'concept' && r.status === 'published' ? r : null;
      records.set(iri, found);
      // Another concept is read only for its preferred terms and parents (conceptOutline), not parsed whole.
      cache.set(iri, found === null ? null : iri === record.iri ? concept : conceptOutline(found.graph, found.iri));
    }
    return cache.get(iri) ?? undefined;
  };
  const link = async (l: ConceptLink | string): Promise<ConceptLinkView> => {
    const iri = typeof l === 'string' ? l : l.iri;
    const d = await load(iri);
    const r = records.get(iri) ?? null;
    const qualifiers = typeof l === 'string' ? [] : l.qualifiers;
    return { iri, uri: r === null ? null : recordUri(deps.baseUrl, 'concept', r.id), prefLabel: prefLabelOf(d), ...(qualifiers.length > 0 ? { qualifiers } : {}) };
  };
  const links = (ls: readonly (ConceptLink | string)[]): Promise<ConceptLinkView[]> => Promise.all(ls.map(link));

  const incoming = async (type: string): Promise<string[]> => {
    if (deps.relations === undefined) return [];
    const answer = await deps.relations.relations({ recordId: record.id, lang: 'nb', types: [type], kinds: ['concept'], page: 0, size: 100 });
    return answer.incoming.map((e) => e.iri);
  };

  const hierarchy = async (parentsOf: (d: ConceptDescription) => readonly ConceptLink[], childrenOf: (d: ConceptDescription) => readonly ConceptLink[], type: string): Promise<HierarchyView> => {
    const childIris = new Map(childrenOf(concept).map((c) => [c.iri, c] as const));
    for (const iri of await incoming(type)) if (!childIris.has(iri)) childIris.set(iri, { iri, qualifiers: [] });
    // Breadth first up the hierarchy; a concept seen before is a cycle (or a second path to it) and is not walked again.
    const ancestors: (ConceptLinkView & { depth: number })[] = [];
    const seen = new Set([record.iri]);
    let frontier: readonly ConceptLink[] = parentsOf(concept);
    let cycle = false;
    let truncated = false;
    for (let depth = 1; frontier.length > 0; depth++) {
      if (depth > MAX_HIERARCHY_DEPTH) {
        truncated = true;
        break;
      }
      const next: ConceptLink[] = [];
      for (const parent of frontier) {
        if (parent.iri === record.iri) cycle = true;
        if (seen.has(parent.iri)) continue;
        if (seen.size > MAX_HIERARCHY_CONCEPTS) {
          truncated = true;
          break;
        }
        seen.add(parent.iri);
        ancestors.push({ ...(await link(parent)), depth });
        const d = await load(parent.iri);
        if (d !== undefined) for (const p of parentsOf(d)) next.push(p);
      }
      frontier = next;
    }
    if (childIris.has(record.iri)) cycle = true;
    return { parents: await links(parentsOf(concept)), children: await links([...childIris.values()].filter((c) => c.iri !== record.iri)), ancestors, cycle, truncated };
  };

  const today = deps.today ?? new Date().toISOString().slice(0, 10);
  const validity = concept.validTo !== null && concept.validTo < today ? 'expired' : concept.validFrom !== null && concept.validFrom > today ? 'future' : 'current';
  return {
    prefLabel: prefLabelOf(concept),
    altLabel: termsByLanguage(concept, 'altLabel'),
    hiddenLabel: termsByLanguage(concept, 'hiddenLabel'),
    definitions: concept.definitions.map((d) => ({ text: d.value, lang: d.lang, audience: d.audience, sources: d.sources, relationshipWithSource: d.relationshipWithSource })),
    scopeNotes: concept.scopeNotes,
    examples: concept.examples,
    subjects: { iris: concept.subjectIris, texts: concept.subjectTexts },
    status: [...concept.statusIris, ...concept.statusTexts.map((t) => t.value)],
    validFrom: concept.validFrom,
    validTo: concept.validTo,
    validity,
    generic: await hierarchy((d) => d.genericParents, (d) => d.genericChildren, 'genericConcept'),
    partitive: await hierarchy((d) => d.partitiveParents, (d) => d.partitiveChildren, 'partitiveConcept'),
    related: await links(concept.related),
    replaces: await links(concept.replaces),
    isReplacedBy: await links(concept.isReplacedBy),
    exactMatch: concept.exactMatches,
    closeMatch: concept.closeMatches,
  };
}
