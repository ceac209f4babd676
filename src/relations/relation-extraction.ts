import {
  DCAT, DCATNO, DCATNO_LEGACY, DCT, DK_API, MODELLDCATNO, PROV, RDFS, SKOS, SKOLEM_PATH, SKOSNO,
} from '../rdf/namespaces.js';
import { modelPartsOf } from '../rdf/model-parts.js';
import type { RecordGraph } from '../rdf/record-graph.js';
import type { RelationTypeId } from '../rdf/relation-types.js';
import type { ResourceKind } from '../core/resource-kind.js';
import { partTitlesOf, resourceTitlesOf, type Titles } from './record-titles.js';

/**
 * The version of what extractRelations reads from a record: bump it whenever that changes, and every
 * relations index (either adapter) is emptied and rebuilt from the store.
 */
export const EXTRACTION_VERSION = 4;

/** One link between two IRIs, read in its relation type's outgoing direction. */
export interface RelationEdge {
  readonly from: string;
  readonly type: RelationTypeId;
  readonly to: string;
  /** The role of a qualified or associative relation (an IRI), or '' when it has none. */
  readonly role: string;
}

/** An IRI a record answers for: its resource, or one of its parts (a model element or property). */
export interface RecordEnd {
  readonly iri: string;
  readonly part: boolean;
  readonly titles: Titles;
}

export interface RecordRelations {
  /** The resource first, then its parts. */
  readonly ends: readonly RecordEnd[];
  readonly edges: readonly RelationEdge[];
}

/** Properties of a model or its parts that point at a model element; one naming an element the record does not hold is reuse. */
const ELEMENT_LINKS = [
  MODELLDCATNO.containsModelElement, MODELLDCATNO.hasProperty, MODELLDCATNO.hasObjectType, MODELLDCATNO.hasDataType,
  MODELLDCATNO.hasSimpleType, MODELLDCATNO.hasValueFrom, MODELLDCATNO.hasType, MODELLDCATNO.hasGeneralConcept,
  MODELLDCATNO.hasMember, MODELLDCATNO.hasSome, MODELLDCATNO.hasSupplier, MODELLDCATNO.isAbstractionOf,
  MODELLDCATNO.dependentOn, MODELLDCATNO.contains,
];

/** Properties stated from the resource to the other end, one relation type each. */
const FORWARD: readonly (readonly [string, RelationTypeId])[] = [
  [DCAT.servesDataset, 'servesDataset'],
  [DCT.conformsTo, 'conformsTo'],
  [DCATNO.informationModel, 'informationModel'],
  [DCATNO_LEGACY.informationModel, 'informationModel'],
  [PROV.wasDerivedFrom, 'wasDerivedFrom'],
  [DCT.source, 'source'],
  [DCT.isVersionOf, 'isVersionOf'],
  [DCT.hasPart, 'hasPart'],
  [DCT.relation, 'relation'],
  [DCAT.inSeries, 'inSeries'],
  [SKOS.broader, 'genericConcept'],
  [SKOS.related, 'associativeConcept'],
  [DCT.replaces, 'replaces'],
  [RDFS.seeAlso, 'seeAlso'],
];

/** Properties stated the other way round: `<a> dct:isPartOf <b>` is `<b> dct:hasPart <a>`. */
const BACKWARD: readonly (readonly [string, RelationTypeId])[] = [
  [DCT.hasVersion, 'isVersionOf'],
  [DCT.isPartOf, 'hasPart'],
  [SKOS.narrower, 'genericConcept'],
  [DCT.isReplacedBy, 'replaces'],
];

/** A relation through a node of its own: `<a> via [ forward <b> ]` is a → b, `<a> via [ backward <b> ]` is b → a. */
const QUALIFIED: readonly { via: string; type: RelationTypeId; forward: readonly string[]; backward: readonly string[]; role: string | null }[] = [
  { via: DCAT.qualifiedRelation, type: 'qualifiedRelation', forward: [DCT.relation], backward: [], role: DCAT.hadRole },
  { via: SKOSNO.hasGenericConceptRelation, type: 'genericConcept', forward: [SKOSNO.hasGenericConcept], backward: [SKOSNO.hasSpecificConcept], role: null },
  // Found in published concept catalogs under the skos namespace (an error upstream that data.norge.no reads too).
  { via: `${SKOS.$base}hasGenericConceptRelation`, type: 'genericConcept', forward: [SKOSNO.hasGenericConcept], backward: [SKOSNO.hasSpecificConcept], role: null },
  { via: SKOSNO.hasPartitiveConceptRelation, type: 'partitiveConcept', forward: [SKOSNO.hasComprehensiveConcept], backward: [SKOSNO.hasPartitiveConcept], role: null },
  { via: SKOSNO.isFromConceptIn, type: 'associativeConcept', forward: [SKOSNO.hasToConcept], backward: [], role: SKOSNO.relationRole },
  // A schema of a data service's OpenAPI description that names a model element (harvesters/openapi, schema-links.ts).
  { via: DK_API.schema, type: 'apiSchemaElement', forward: [DK_API.modelElement], backward: [], role: null },
];

const isSkolem = (iri: string): boolean => iri.includes(SKOLEM_PATH);

/**
 * The links a record states, read from its graph: the resource's own relations, the concepts its
 * model elements and properties mean (`dct:subject`), and the model elements it reuses from other
 * models (an element it names but does not hold). Links to the record's own skolemised nodes are not
 * relations between resources and are left out.
 */
export function extractRelations(graph: RecordGraph, resource: string, kind: ResourceKind): RecordRelations {
  const parts = modelPartsOf(graph, resource);
  const ends: RecordEnd[] = [{ iri: resource, part: false, titles: resourceTitlesOf(graph, resource, kind) }];
  for (const part of parts) if (!isSkolem(part)) ends.push({ iri: part, part: true, titles: partTitlesOf(graph, part) });

  const edges = new Map<string, RelationEdge>();
  const add = (from: string, type: RelationTypeId, to: string, role = ''): void => {
    if (from === to || isSkolem(from) || isSkolem(to) || to.startsWith('_:') || from.startsWith('_:')) return;
    const edge = { from, type, to, role };
    edges.set(`${from}\u0000${type}\u0000${to}\u0000${role}`, edge);
  };

  for (const [predicate, type] of FORWARD) for (const o of graph.iris(resource, predicate)) add(resource, type, o);
  for (const [predicate, type] of BACKWARD) for (const o of graph.iris(resource, predicate)) add(o, type, resource);
  for (const q of QUALIFIED) {
    for (const node of graph.iris(resource, q.via)) {
      const role = q.role === null ? '' : (graph.iris(node, q.role).find((r) => !isSkolem(r)) ?? '');
      for (const p of q.forward) for (const o of graph.iris(node, p)) add(resource, q.type, o, role);
      for (const p of q.backward) for (const o of graph.iris(node, p)) add(o, q.type, resource, role);
    }
  }

  // Concepts meant by the resource and by every model element and property it holds.
  for (const subject of [resource, ...parts]) for (const concept of graph.iris(subject, DCT.subject)) add(subject, 'subject', concept);

  // Model elements named but not held: links to another model's element, never copies of it.
  const held = new Set([resource, ...parts]);
  for (const subject of held) {
    for (const predicate of ELEMENT_LINKS) {
      for (const element of graph.iris(subject, predicate)) if (!graph.has(element)) add(subject, 'reusesElement', element);
    }
  }
  return { ends, edges: [...edges.values()] };
}
