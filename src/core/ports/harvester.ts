import type { Quad, Term } from '@rdfjs/types';
import type { Problem } from '../problem.js';
import type { ResourceKind, SourceKind } from '../resource-kind.js';

/**
 * A parsed source payload, indexed by subject: compact enough for a 100 000-dataset catalog (the n3
 * Store is not), and all a splitter needs to follow references from a resource to its closure.
 */
export interface SourceGraph {
  readonly size: number;
  /** Every distinct subject. */
  subjects(): Iterable<Term>;
  /** Subjects with `rdf:type` the given class IRI. */
  subjectsOfType(classIri: string): Term[];
  /** The quads with this subject (empty when none). */
  bySubject(subject: Term): readonly Quad[];
}

/** One record cut from a source: a resource's own triples plus the closure of the non-record nodes it references. */
export interface HarvestedRecord {
  /** The resource IRI (never a blank node: blank-node resources get a stable IRI or are skipped). */
  readonly iri: string;
  readonly kind: ResourceKind;
  /** The record graph, skolemised: no blank nodes. */
  readonly quads: readonly Quad[];
  /** IRI of the catalog this resource is listed in (a generated one for members of no catalog); none for catalogs. */
  readonly catalogIri: string | null;
}

export interface SplitResult {
  readonly records: HarvestedRecord[];
  /** Resources left out, each with its reason; never dropped silently. */
  readonly problems: Problem[];
}

export interface SplitContext {
  /** Id of the source being harvested, for generated IRIs (e.g. the catalog of loose members). */
  readonly sourceId: string;
  readonly sourceUrl: string;
  /** Organisation number of the source's publisher. */
  readonly publisher: string;
  /** Public base URL of this catalog, for generated IRIs. */
  readonly baseUrl: string;
}

/** Turns a parsed payload of one source kind into records. Harvesters see src/core and src/rdf only. */
export interface Harvester {
  readonly kind: SourceKind;
  /** The Accept header sent when the source does not set one. */
  readonly accept: string;
  split(graph: SourceGraph, context: SplitContext): SplitResult;
}
