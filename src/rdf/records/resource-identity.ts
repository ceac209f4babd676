import type { Quad, Term } from '@rdfjs/types';
import { DataFactory } from 'n3';
import type { SourceGraph, SplitContext } from '../../core/ports/harvester.js';
import type { ResourceKind } from '../../core/resource-kind.js';
import { DCT } from '../namespaces.js';
import { identifiedResourceIri } from './generated-iris.js';
import type { RecordClasses } from './record-classes.js';
import { termKey } from '../term-key.js';
import { runAtOnce, type Steps, type WorkSlices } from './work-slices.js';

const { namedNode } = DataFactory;

/** One resource that becomes a record. */
export interface RecordEntry {
  readonly iri: string;
  readonly kind: ResourceKind;
  /**
   * The source nodes whose triples are the resource's own: the IRI node itself and any blank nodes that
   * were given this IRI (a blank `[ a dcat:Dataset ; dct:identifier "<iri>" ]` merges with `<iri>`).
   */
  readonly aliases: readonly Term[];
}

/** A blank-node resource that could not be given a stable IRI. */
export interface UnidentifiedResource {
  readonly term: Term;
  readonly kind: ResourceKind;
}

export interface ResourceTable {
  /** Records by IRI. */
  readonly records: ReadonlyMap<string, RecordEntry>;
  /** `_:label` of a blank-node resource → the IRI it was given. */
  readonly blankIris: ReadonlyMap<string, string>;
  /** `_:label` of a blank-node resource without identity → what it is. */
  readonly unidentified: ReadonlyMap<string, UnidentifiedResource>;
}

// Identifiers taken as the resource's IRI: http(s) URLs and URNs; anything else is a plain string.
const ABSOLUTE_IRI = /^(?:https?:\/\/[^\s<>"{}|\\^`]+|urn:[a-z0-9][a-z0-9-]{0,31}:[^\s<>"{}|\\^`]+)$/i;

/**
 * The IRI a blank-node resource gets from its dct:identifier: an absolute IRI (http, https, urn) as
 * itself; otherwise a plain string as `{baseUrl}/sources/{sourceId}/resources/{uuid v3 of the string}`.
 * With several identifiers the smallest IRI wins, then the smallest string. Null when there is none.
 */
export function identifierIri(quads: readonly Quad[], context: Pick<SplitContext, 'baseUrl' | 'sourceId'>): string | null {
  const values: string[] = [];
  for (const q of quads) {
    if (q.predicate.value !== DCT.identifier) continue;
    if (q.object.termType !== 'Literal' && q.object.termType !== 'NamedNode') continue;
    const v = q.object.value.trim();
    if (v !== '') values.push(v);
  }
  if (values.length === 0) return null;
  values.sort();
  const iri = values.find((v) => ABSOLUTE_IRI.test(v));
  return iri ?? identifiedResourceIri(context.baseUrl, context.sourceId, values[0]!);
}

/** Finds every instance of the record classes, gives blank-node resources their IRI, and lists those that get none. */
export function identifyResources(graph: SourceGraph, context: Pick<SplitContext, 'baseUrl' | 'sourceId'>, classes: RecordClasses): ResourceTable {
  return runAtOnce(identifyResourcesSteps(graph, context, classes));
}

/** `identifyResources` in steps that end where a slice of work is used up (see work-slices.ts). */
export function* identifyResourcesSteps(graph: SourceGraph, context: Pick<SplitContext, 'baseUrl' | 'sourceId'>, classes: RecordClasses, slices?: WorkSlices): Steps<ResourceTable> {
  const typed = new Map<string, { term: Term; kinds: Set<ResourceKind> }>();
  for (const { classIri, kind } of classes.classes) {
    for (const term of graph.subjectsOfType(classIri)) {
      const key = termKey(term);
      const entry = typed.get(key);
      if (entry) entry.kinds.add(kind);
      else typed.set(key, { term, kinds: new Set([kind]) });
      if (slices?.spend() === true) yield;
    }
  }
  const grouped = new Map<string, { kinds: Set<ResourceKind>; blanks: Term[] }>();
  const blankIris = new Map<string, string>();
  const unidentified = new Map<string, UnidentifiedResource>();
  for (const [key, { term, kinds }] of typed) {
    let iri: string | null;
    if (term.termType === 'NamedNode') iri = term.value;
    else {
      const own = graph.bySubject(term);
      if (slices?.spend(own.length) === true) yield;
      iri = identifierIri(own, context);
      if (iri === null) {
        unidentified.set(key, { term, kind: classes.kindOf(kinds) });
        continue;
      }
      blankIris.set(key, iri);
    }
    let group = grouped.get(iri);
    if (!group) {
      group = { kinds: new Set(), blanks: [] };
      grouped.set(iri, group);
    }
    for (const k of kinds) group.kinds.add(k);
    if (term.termType === 'BlankNode') group.blanks.push(term);
    if (slices?.spend() === true) yield;
  }
  const records = new Map<string, RecordEntry>();
  for (const [iri, { kinds, blanks }] of grouped) {
    records.set(iri, { iri, kind: classes.kindOf(kinds), aliases: [namedNode(iri), ...blanks] });
  }
  return { records, blankIris, unidentified };
}
