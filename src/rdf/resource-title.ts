import type { ResourceKind } from '../core/resource-kind.js';
import { DCT, RDFS, SKOS } from './namespaces.js';

/** A literal as the title functions read it: its text and its language tag ('' when untagged). */
export interface TextLiteral {
  readonly value: string;
  readonly language: string;
}

/** Reads the literals of one predicate of the resource (the caller's graph, in canonical order). */
export type LiteralReader = (predicate: string) => Iterable<TextLiteral>;

/**
 * The predicates a kind's title and description are read from, most preferred first. The one place
 * that says what "the title" of a record is: search documents and the record views both read it here.
 * A kind added to RESOURCE_KINDS adds its line (the compiler asks for it).
 */
const TITLE_PREDICATES: Readonly<Record<ResourceKind, readonly string[]>> = {
  catalog: [DCT.title],
  dataset: [DCT.title],
  'dataset-series': [DCT.title],
  'data-service': [DCT.title],
  concept: [SKOS.prefLabel, DCT.title],
  collection: [DCT.title, SKOS.prefLabel, RDFS.label],
  'information-model': [DCT.title],
};

const DESCRIPTION_PREDICATES: Readonly<Record<ResourceKind, readonly string[]>> = {
  catalog: [DCT.description],
  dataset: [DCT.description],
  'dataset-series': [DCT.description],
  'data-service': [DCT.description],
  concept: [SKOS.definition, DCT.description],
  collection: [DCT.description],
  'information-model': [DCT.description],
};

export function titlePredicatesOf(kind: ResourceKind): readonly string[] {
  return TITLE_PREDICATES[kind];
}

export function descriptionPredicatesOf(kind: ResourceKind): readonly string[] {
  return DESCRIPTION_PREDICATES[kind];
}

/**
 * The non-empty literals of the first predicates, per language: every literal of the most preferred
 * predicate, then those of the next ones in languages not yet given (so a concept's skos:prefLabel in
 * nb wins over its dct:title in nb, and a dct:title in en fills the English title when it has no
 * English prefLabel). Blank texts are skipped; the order within a predicate is the reader's.
 */
function preferredLiterals(read: LiteralReader, predicates: readonly string[]): TextLiteral[] {
  const out: TextLiteral[] = [];
  const languages = new Set<string>();
  for (const predicate of predicates) {
    const found: TextLiteral[] = [];
    for (const l of read(predicate)) {
      if (l.value.trim() === '' || languages.has(l.language)) continue;
      found.push({ value: l.value, language: l.language });
    }
    for (const l of found) languages.add(l.language);
    for (const l of found) out.push(l);
  }
  return out;
}

/** The title literals of a record of `kind` (see TITLE_PREDICATES): used by search and the record views. */
export function titleLiterals(kind: ResourceKind, read: LiteralReader): TextLiteral[] {
  return preferredLiterals(read, TITLE_PREDICATES[kind]);
}

/** What names a part of an information model, in order: an element's or property's title, a code element's preferred label, a label. */
const MODEL_PART_TITLE_PREDICATES: readonly string[] = [DCT.title, SKOS.prefLabel, RDFS.label];
const MODEL_PART_DESCRIPTION_PREDICATES: readonly string[] = [DCT.description, SKOS.definition, RDFS.comment];

/** The title literals of a model element or property (src/rdf/model-parts.ts): search, the relations index and record views read it here. */
export function modelPartTitleLiterals(read: LiteralReader): TextLiteral[] {
  return preferredLiterals(read, MODEL_PART_TITLE_PREDICATES);
}

/** The description literals of a model element or property. */
export function modelPartDescriptionLiterals(read: LiteralReader): TextLiteral[] {
  return preferredLiterals(read, MODEL_PART_DESCRIPTION_PREDICATES);
}

/** The description literals of a record of `kind`. */
export function descriptionLiterals(kind: ResourceKind, read: LiteralReader): TextLiteral[] {
  return preferredLiterals(read, DESCRIPTION_PREDICATES[kind]);
}
