import type { Quad, Term } from '@rdfjs/types';
import type { LangText } from './concept-description.js';
import { DCT, MODELLDCATNO, RDF, RDFS, SKOS, XSD } from './namespaces.js';

export type { LangText } from './concept-description.js';

/** What a model element is (its ModellDCAT-AP-NO class), most specific first. */
export type ModelElementKind = 'root-object-type' | 'object-type' | 'data-type' | 'simple-type' | 'code-list' | 'module' | 'element';

/** What a property of an element is (its ModellDCAT-AP-NO class). */
export type ModelPropertyKind =
  | 'attribute' | 'role' | 'association' | 'composition' | 'collection' | 'specialization' | 'realization' | 'abstraction'
  | 'dependency' | 'choice' | 'property';

/** The predicates that say what a property's values are (or, for a specialisation, what it specialises). */
export const MODEL_TYPE_PREDICATES = [
  MODELLDCATNO.hasSimpleType, MODELLDCATNO.hasObjectType, MODELLDCATNO.hasDataType, MODELLDCATNO.hasValueFrom, MODELLDCATNO.hasType,
  MODELLDCATNO.hasGeneralConcept, MODELLDCATNO.hasMember, MODELLDCATNO.hasSupplier, MODELLDCATNO.isAbstractionOf, MODELLDCATNO.dependentOn,
  MODELLDCATNO.contains,
] as const;
export type ModelTypePredicate = (typeof MODEL_TYPE_PREDICATES)[number];

/** A property's type: the predicate that names it (simple type, object type, code list, …) and the element. */
export interface ModelTypeLink {
  readonly predicate: ModelTypePredicate;
  readonly iri: string;
}

export interface ModelProperty {
  readonly iri: string;
  readonly kind: ModelPropertyKind;
  readonly titles: readonly LangText[];
  readonly descriptions: readonly LangText[];
  /** `dct:subject`: the concepts the property means. */
  readonly subjects: readonly string[];
  /** As written (`"0"`, `"1"`, `"*"`); null when not given. */
  readonly minOccurs: string | null;
  readonly maxOccurs: string | null;
  readonly types: readonly ModelTypeLink[];
  readonly sequenceNumber: number | null;
  /** The alternatives of a choice (`modelldcatno:hasSome`), read the same way. */
  readonly alternatives: readonly ModelProperty[];
  /** Notes annotating the property (`modelldcatno:Note` … `annotates`). */
  readonly notes: readonly LangText[];
}

/** A value of a code list: a `modelldcatno:CodeElement` that is `skos:inScheme` the list. */
export interface ModelCode {
  readonly iri: string;
  readonly notations: readonly string[];
  readonly labels: readonly LangText[];
  readonly definitions: readonly LangText[];
  readonly subjects: readonly string[];
}

/** A restricting facet of a simple type (`xsd:pattern "^[0-9]{9}$"`), by its local name. */
export interface ModelRestriction {
  readonly facet: string;
  readonly value: string;
}

export interface ModelElement {
  readonly iri: string;
  readonly kind: ModelElementKind;
  readonly titles: readonly LangText[];
  readonly descriptions: readonly LangText[];
  readonly subjects: readonly string[];
  readonly properties: readonly ModelProperty[];
  /** For a code list: its values, ordered by notation. */
  readonly codes: readonly ModelCode[];
  /** For a simple type: its restricting facets and the type it is defined by. */
  readonly restrictions: readonly ModelRestriction[];
  readonly typeDefinitionReference: string | null;
  /** Modules the element belongs to (`modelldcatno:belongsToModule`). */
  readonly modules: readonly string[];
  /** For a module: the elements it holds (`modelldcatno:contains` or `containsModelElement`). */
  readonly members: readonly string[];
  /** Notes annotating the element. */
  readonly notes: readonly LangText[];
}

/**
 * What the catalog reads from an information model's record graph (ModellDCAT-AP-NO): its elements
 * — object types with their attributes and roles (multiplicity, type, the concepts they mean), simple
 * and data types with their restrictions, code lists with their values, modules — and the elements it
 * names but does not describe here (reused from another model's record, which owns them).
 */
export interface ModelDescription {
  readonly iri: string;
  /** Root object types, object types, data types, simple types, code lists, modules; graph order within each. */
  readonly elements: readonly ModelElement[];
  /** Elements the model contains (`containsModelElement`) that its record does not describe. */
  readonly reusedElements: readonly string[];
}

const ELEMENT_KINDS: readonly (readonly [string, ModelElementKind])[] = [
  [MODELLDCATNO.RootObjectType, 'root-object-type'],
  [MODELLDCATNO.ObjectType, 'object-type'],
  [MODELLDCATNO.DataType, 'data-type'],
  [MODELLDCATNO.SimpleType, 'simple-type'],
  [MODELLDCATNO.CodeList, 'code-list'],
  [MODELLDCATNO.Module, 'module'],
  [MODELLDCATNO.ModelElement, 'element'],
];
const ELEMENT_RANK: Readonly<Record<ModelElementKind, number>> = {
  'root-object-type': 0, 'object-type': 1, 'data-type': 2, 'simple-type': 3, 'code-list': 4, module: 5, element: 6,
};

const PROPERTY_KINDS: readonly (readonly [string, ModelPropertyKind])[] = [
  [MODELLDCATNO.Attribute, 'attribute'],
  [MODELLDCATNO.Role, 'role'],
  [MODELLDCATNO.Association, 'association'],
  [MODELLDCATNO.Composition, 'composition'],
  [MODELLDCATNO.Collection, 'collection'],
  [MODELLDCATNO.Specialization, 'specialization'],
  [MODELLDCATNO.Realization, 'realization'],
  [MODELLDCATNO.Abstraction, 'abstraction'],
  [MODELLDCATNO.Dependency, 'dependency'],
  [MODELLDCATNO.Choice, 'choice'],
  [MODELLDCATNO.Property, 'property'],
];

const RESTRICTION_FACETS = [
  XSD.pattern, XSD.length, XSD.minLength, XSD.maxLength, XSD.minInclusive, XSD.maxInclusive, XSD.minExclusive, XSD.maxExclusive,
  XSD.totalDigits, XSD.fractionDigits,
] as const;

/** Deepest nesting of choices read (a choice among choices among …); deeper ones are left out. */
const MAX_CHOICE_DEPTH = 8;

/**
 * Alternatives read in one model, at most, level by level: a choice is read anew wherever it is offered,
 * so six choices each offering all six made 2 million (18 s for a 47-triple record, on the thread that
 * renders its page). A choice is never offered inside itself either.
 */
const MAX_ALTERNATIVES = 2_000;

const keyOf = (term: Term): string => (term.termType === 'BlankNode' ? `_:${term.value}` : term.value);

/** The most note texts one element or property keeps (a page shows one, in its language). */
export const MAX_NOTE_TEXTS = 20;

/** Reads the information model `iri` from its record graph (the model's own triples and its parts'). */
export function describeModel(quads: readonly Quad[], iri: string): ModelDescription {
  const index = new Map<string, Quad[]>();
  for (const q of quads) {
    const key = keyOf(q.subject);
    const list = index.get(key);
    if (list === undefined) index.set(key, [q]);
    else list.push(q);
  }
  const objects = (subject: string, predicate: string): Term[] => (index.get(subject) ?? []).filter((q) => q.predicate.value === predicate).map((q) => q.object);
  const nodes = (subject: string, predicate: string): string[] => unique(objects(subject, predicate).filter((t) => t.termType !== 'Literal').map(keyOf));
  const texts = (subject: string, ...predicates: string[]): LangText[] => {
    for (const p of predicates) {
      const found = objects(subject, p)
        .filter((t) => t.termType === 'Literal' && t.value.trim() !== '')
        .map((t) => ({ value: t.value, lang: (t as { language: string }).language }));
      if (found.length > 0) return found;
    }
    return [];
  };
  const value = (subject: string, predicate: string): string | null => objects(subject, predicate)[0]?.value ?? null;
  const classes = (subject: string): Set<string> => new Set(nodes(subject, RDF.type));

  let alternativesLeft = MAX_ALTERNATIVES;

  /** Properties read so far: a property several elements share is read once (each element read it anew). */
  const propertiesRead = new Map<string, ModelProperty>();

  /** A property with its alternatives, read level by level (each choice's own before any of theirs), never a choice inside itself. */
  function property(node: string): ModelProperty {
    const known = propertiesRead.get(node);
    if (known !== undefined) return known;
    const root = bareProperty(node);
    propertiesRead.set(node, root);
    const queue: { readonly node: string; readonly into: ModelProperty[]; readonly path: readonly string[] }[] = [{ node, into: root.alternatives, path: [node] }];
    for (let i = 0; i < queue.length; i++) {
      const { node: at, into, path } = queue[i]!;
      if (path.length > MAX_CHOICE_DEPTH) continue;
      for (const n of nodes(at, MODELLDCATNO.hasSome)) {
        if (alternativesLeft <= 0) break;
        if (path.includes(n)) continue;
        alternativesLeft--;
        const alternative = bareProperty(n);
        into.push(alternative);
        queue.push({ node: n, into: alternative.alternatives, path: [...path, n] });
      }
    }
    return root;
  }

  function bareProperty(node: string): ModelProperty & { readonly alternatives: ModelProperty[] } {
    const types = classes(node);
    const kind = PROPERTY_KINDS.find(([c]) => types.has(c))?.[1] ?? 'property';
    const sequence = Number(value(node, MODELLDCATNO.sequenceNumber));
    return {
      iri: node,
      kind,
      titles: texts(node, DCT.title, RDFS.label, SKOS.prefLabel),
      descriptions: texts(node, DCT.description),
      subjects: nodes(node, DCT.subject),
      minOccurs: value(node, MODELLDCATNO.minOccurs),
      maxOccurs: value(node, MODELLDCATNO.maxOccurs),
      types: MODEL_TYPE_PREDICATES.flatMap((predicate) => nodes(node, predicate).map((target) => ({ predicate, iri: target }))),
      sequenceNumber: value(node, MODELLDCATNO.sequenceNumber) !== null && Number.isFinite(sequence) ? sequence : null,
      alternatives: [],
      notes: notesOf.get(node) ?? [],
    };
  }

  // Code values point at their list (skos:inScheme) and notes at what they annotate; gathered once.
  const codesByList = new Map<string, ModelCode[]>();
  const notesOf = new Map<string, LangText[]>();
  for (const [subject] of index) {
    if (classes(subject).has(MODELLDCATNO.Note)) {
      // One note's texts are one list its targets share (copied to each, N targets × T texts), at most MAX_NOTE_TEXTS.
      const note = texts(subject, MODELLDCATNO.propertyNote, DCT.description, RDFS.comment).slice(0, MAX_NOTE_TEXTS);
      for (const target of nodes(subject, MODELLDCATNO.annotates)) {
        const list = notesOf.get(target);
        if (list === undefined) notesOf.set(target, note);
        else if (list.length < MAX_NOTE_TEXTS) notesOf.set(target, [...list, ...note].slice(0, MAX_NOTE_TEXTS));
      }
    }
    if (!classes(subject).has(MODELLDCATNO.CodeElement)) continue;
    const code: ModelCode = {
      iri: subject,
      notations: unique(texts(subject, SKOS.notation).map((t) => t.value)),
      labels: texts(subject, SKOS.prefLabel, DCT.title, RDFS.label),
      definitions: texts(subject, SKOS.definition, DCT.description),
      subjects: nodes(subject, DCT.subject),
    };
    for (const list of nodes(subject, SKOS.inScheme)) {
      const codes = codesByList.get(list);
      if (codes === undefined) codesByList.set(list, [code]);
      else codes.push(code);
    }
  }

  const listed = nodes(iri, MODELLDCATNO.containsModelElement);
  const candidates = unique([...listed, ...[...index.keys()].filter((s) => s !== iri)]);
  const elements: ModelElement[] = [];
  for (const node of candidates) {
    const types = classes(node);
    const kind = ELEMENT_KINDS.find(([c]) => types.has(c))?.[1];
    if (kind === undefined) continue;
    const properties = nodes(node, MODELLDCATNO.hasProperty).map((p) => property(p));
    elements.push({
      iri: node,
      kind,
      titles: texts(node, DCT.title, RDFS.label, SKOS.prefLabel),
      descriptions: texts(node, DCT.description),
      subjects: nodes(node, DCT.subject),
      properties: sortProperties(properties),
      codes: [...(codesByList.get(node) ?? [])].sort((a, b) => (a.notations[0] ?? a.iri).localeCompare(b.notations[0] ?? b.iri, 'nb')),
      restrictions: RESTRICTION_FACETS.flatMap((facet) => objects(node, facet).map((o) => ({ facet: facet.slice(XSD.$base.length), value: o.value }))),
      typeDefinitionReference: value(node, MODELLDCATNO.typeDefinitionReference),
      modules: nodes(node, MODELLDCATNO.belongsToModule),
      members: kind === 'module' ? unique([...nodes(node, MODELLDCATNO.contains), ...nodes(node, MODELLDCATNO.containsModelElement)]) : [],
      notes: notesOf.get(node) ?? [],
    });
  }
  elements.sort((a, b) => ELEMENT_RANK[a.kind] - ELEMENT_RANK[b.kind]);
  const described = new Set(elements.map((e) => e.iri));
  return { iri, elements, reusedElements: listed.filter((e) => !described.has(e)) };
}

/** Properties by sequence number where given (stable otherwise: graph order). */
function sortProperties(properties: readonly ModelProperty[]): ModelProperty[] {
  return [...properties].sort((a, b) => (a.sequenceNumber ?? Number.MAX_SAFE_INTEGER) - (b.sequenceNumber ?? Number.MAX_SAFE_INTEGER));
}

function unique(values: readonly string[]): string[] {
  return [...new Set(values)];
}

/** A multiplicity in the usual notation: `1`, `0..1`, `0..*`, `1..3`; null when neither bound is given. */
export function multiplicityOf(property: Pick<ModelProperty, 'minOccurs' | 'maxOccurs'>): string | null {
  const { minOccurs: min, maxOccurs: max } = property;
  if (min === null && max === null) return null;
  const lower = min ?? '0';
  const upper = max ?? '*';
  return lower === upper ? lower : `${lower}..${upper}`;
}
