import type { Quad, Term } from '@rdfjs/types';
import type { HarvestedRecord, SourceGraph, SplitContext, SplitResult } from '../../core/ports/harvester.js';
import type { Problem } from '../../core/problem.js';
import type { ResourceKind } from '../../core/resource-kind.js';
import { DCAT, HYDRA } from '../namespaces.js';
import { skolemise } from '../skolemise.js';
import { termKey } from '../term-key.js';
import { catalogMembershipSteps, type Listing } from './catalog-membership.js';
import { compareIri } from './compare-iri.js';
import { generatedCatalogQuads } from './generated-catalog.js';
import { generatedCatalogIri } from './generated-iris.js';
import type { RecordClasses } from './record-classes.js';
import { NodeRoles, RecordCutter } from './record-closure.js';
import { identifyResourcesSteps } from './resource-identity.js';
import { runAtOnce, runInSlices, WorkSlices, type Steps } from './work-slices.js';
import type { RecordEntry, UnidentifiedResource } from './resource-identity.js';

export interface SplitOptions {
  /** A record whose closure (the triples of the nodes it links to, not its own) would exceed this is left out and reported. */
  readonly maxRecordQuads: number;
  /**
   * The closures of all records together, in quads (a node linked from many records is copied into each):
   * a record that would go past it is left out and reported. Default: `defaultMaxCopiedQuads` of the payload.
   */
  readonly maxCopiedQuads?: number;
}

/**
 * What the records of a payload may copy from the nodes they link to, together: four times the
 * payload's own triples, and at least 200 000. A catalog that links one described publisher, contact
 * point or licence from every dataset copies a fraction of its size (the synthetic catalogs: none); the
 * bound keeps a small document from making records a thousand times its size.
 */
export function defaultMaxCopiedQuads(payloadQuads: number): number {
  return Math.max(200_000, 4 * payloadQuads);
}

/** What makes a kind of RDF source: which resources become records, and how they are listed. */
export interface RecordVocabulary {
  /** The classes whose instances become records, in priority order. */
  readonly recordClasses: RecordClasses;
  /** Which records list others (catalogs) and by which links; it decides each record's `catalogIri`. */
  readonly listing: Listing;
  /**
   * The generated catalog (`{base}/sources/{id}/catalog`) that lists the records no catalog in the
   * source lists: the link each member kind is listed by. Records of the listing kinds are never members.
   */
  readonly generatedCatalogLink: (kind: ResourceKind) => string;
  /** Predicates naming a resource in messages about it (`dct:title`, `skos:prefLabel`), first found wins. */
  readonly titlePredicates: readonly string[];
  /** The resources that become records, in words, for messages: `catalog, dataset, dataset series or data service`. */
  readonly recordsInWords: string;
  /** The order records are returned in, by kind (then by IRI); kinds not listed come last. */
  readonly recordOrder: readonly ResourceKind[];
}

/** How many example IRIs a summary problem names. */
const EXAMPLES = 5;

const EMPTY: Quad[] = [];

/**
 * Cuts an RDF payload into records, one per instance of the vocabulary's record classes (see
 * harvesters/dcat-ap-no/README.md for every rule). Deterministic: the same graph gives the same
 * records, whatever the blank node labels and triple order. In one synchronous pass: for small
 * payloads and tests; the harvest pipeline uses `splitRecordsInSlices`.
 */
export function splitRecords(graph: SourceGraph, context: Omit<SplitContext, 'documents'>, vocabulary: RecordVocabulary, options: SplitOptions): SplitResult {
  return runAtOnce(splitSteps(graph, context, vocabulary, options));
}

/**
 * `splitRecords`, giving the event loop a turn after each slice of work (`SLICE_WORK` quads looked
 * at), so splitting a large source never blocks other requests for long; stops between slices when
 * `context.signal` is aborted. The same records and problems as `splitRecords`.
 */
export async function splitRecordsInSlices(
  graph: SourceGraph,
  context: Omit<SplitContext, 'documents'>,
  vocabulary: RecordVocabulary,
  options: SplitOptions,
  slices: WorkSlices = new WorkSlices(),
): Promise<SplitResult> {
  return runInSlices(splitSteps(graph, context, vocabulary, options, slices), context.signal);
}

function* splitSteps(graph: SourceGraph, context: Omit<SplitContext, 'documents'>, vocabulary: RecordVocabulary, options: SplitOptions, slices?: WorkSlices): Steps<SplitResult> {
  const problems: Problem[] = [];
  const classes = vocabulary.recordClasses;
  const listingKinds = new Set(vocabulary.listing.kinds);
  const table = yield* identifyResourcesSteps(graph, context, classes, slices);
  const generatedIri = generatedCatalogIri(context.baseUrl, context.sourceId);
  const catalogRecords = graph.subjectsOfType(DCAT.CatalogRecord);
  const roles = new NodeRoles(table, catalogRecords);
  if (slices?.spend(table.records.size) === true) yield;
  const membership = yield* catalogMembershipSteps(graph, table, roles, vocabulary.listing, slices);
  const maxCopiedQuads = options.maxCopiedQuads ?? defaultMaxCopiedQuads(graph.size);
  const cutter = new RecordCutter(graph, roles, options.maxRecordQuads, maxCopiedQuads);

  const entries = [...table.records.values()].sort((a, b) => compareIri(a.iri, b.iri));
  const cuts = new Map<string, Quad[]>();
  for (const entry of entries) {
    if (entry.iri === generatedIri) {
      problems.push({
        kind: 'skipped',
        resource: entry.iri,
        message: `Left out <${entry.iri}>: this IRI is the one the catalog gives the generated catalog of this source; the source must not use it.`,
      });
      continue;
    }
    const cut = cutter.cut(entry);
    if (slices?.spend(cut.ok ? cut.quads.length : options.maxRecordQuads) === true) yield;
    if (cut.ok) cuts.set(entry.iri, cut.quads);
    else if (cut.reason === 'too-large') {
      problems.push({
        kind: 'skipped',
        resource: entry.iri,
        message:
          `Left out the ${classes.labelOf(entry.kind)} <${entry.iri}>: the nodes it links to, recursively, describe more than ${options.maxRecordQuads} triples ` +
          'to copy into its record. Link large shared descriptions by IRI and publish them separately.',
      });
    } else {
      problems.push({
        kind: 'skipped',
        resource: entry.iri,
        message:
          `Left out the ${classes.labelOf(entry.kind)} <${entry.iri}>: the records before it (in IRI order) copy or walk ${cut.copiedBefore} triples of the nodes they link to, ` +
          `and its own would take them past ${maxCopiedQuads}, all that this payload of ${graph.size} triples may copy. The same nodes are described under many records: ` +
          'publish large shared descriptions separately and link them by IRI.',
      });
    }
  }

  // Which catalog each record belongs to: the smallest listing catalog IRI that became a record, else
  // the generated catalog (catalogs nobody lists have none).
  const records: HarvestedRecord[] = [];
  const loose: RecordEntry[] = [];
  for (const entry of entries) {
    const quads = cuts.get(entry.iri);
    if (quads === undefined) continue;
    const listing = membership.listedBy.get(entry.iri)?.find((c) => cuts.has(c));
    let catalogIri: string | null = listing ?? null;
    if (catalogIri === null && !listingKinds.has(entry.kind)) {
      catalogIri = generatedIri;
      loose.push(entry);
    }
    // The unskolemised cut is let go as soon as it is skolemised.
    cuts.set(entry.iri, EMPTY);
    records.push({ iri: entry.iri, kind: entry.kind, quads: skolemise(quads, entry.iri), catalogIri });
    if (slices?.spend(quads.length) === true) yield;
  }
  if (loose.length > 0) {
    const kind = vocabulary.listing.kinds[0] ?? 'catalog';
    records.push({ iri: generatedIri, kind, quads: generatedCatalogQuads(generatedIri, context, loose, vocabulary.generatedCatalogLink), catalogIri: null });
  }
  const order = new Map(vocabulary.recordOrder.map((k, i) => [k, i]));
  const rank = (k: ResourceKind): number => order.get(k) ?? order.size;
  records.sort((a, b) => rank(a.kind) - rank(b.kind) || compareIri(a.iri, b.iri));

  const unidentified: Problem[] = [];
  for (const [key, resource] of table.unidentified) {
    cutter.markReached(resource.term);
    unidentified.push(unidentifiedProblem(graph, resource, membership.unidentifiedListedBy.get(key) ?? [], vocabulary));
    if (slices?.spend() === true) yield;
  }
  unidentified.sort((a, b) => compareIri(a.message, b.message));
  for (const p of unidentified) problems.push(p);

  let catalogRecordCount = 0;
  for (const c of catalogRecords) {
    if (roles.of(c).role !== 'catalog-record') continue;
    catalogRecordCount++;
    cutter.markReached(c);
    if (slices?.spend() === true) yield;
  }
  if (catalogRecordCount > 0) {
    const links = cutter.droppedCatalogRecordLinks;
    problems.push({
      kind: 'note',
      message:
        `Left out ${catalogRecordCount} dcat:CatalogRecord description(s) of the publisher${links > 0 ? ` and ${links} link(s) to them` : ''}: ` +
        'the catalog writes its own catalog records (their foaf:primaryTopic was used to find which catalog lists which resource).',
    });
  }

  const unreachable = yield* unreachableNodes(graph, cutter.reached, slices);
  if (unreachable.count > 0) {
    const named = unreachable.iris.slice(0, EXAMPLES).map((i) => `<${i}>`);
    const rest = unreachable.iris.length - named.length;
    const parts = [...named];
    if (rest > 0) parts.push(`${rest} more IRI(s)`);
    if (unreachable.blank > 0) parts.push(`${unreachable.blank} blank node(s)`);
    problems.push({
      kind: 'note',
      message:
        `Left out ${unreachable.count} node(s) described in the payload that no ${vocabulary.recordsInWords} links to: ` +
        `${parts.join(', ')}.`,
    });
  }
  return { records, problems };
}

function unidentifiedProblem(graph: SourceGraph, resource: UnidentifiedResource, listedBy: readonly string[], vocabulary: RecordVocabulary): Problem {
  const label = vocabulary.recordClasses.labelOf(resource.kind);
  const quads = graph.bySubject(resource.term);
  const predicate = vocabulary.titlePredicates.find((p) => quads.some((q) => q.predicate.value === p && q.object.termType === 'Literal'));
  const titles = quads
    .filter((q) => q.predicate.value === predicate && q.object.termType === 'Literal')
    .map((q) => q.object.value)
    .sort();
  const about = [titles.length > 0 ? `titled "${titles[0]}"` : 'without a title'];
  if (listedBy.length > 0) about.push(`listed by ${listedBy.map((c) => `<${c}>`).join(', ')}`);
  return {
    kind: 'skipped',
    message: `Left out a blank-node ${label} (${about.join(', ')}): a ${label} without IRI or dct:identifier cannot be given a stable identity; give it an IRI.`,
  };
}

function* unreachableNodes(graph: SourceGraph, reached: ReadonlySet<string>, slices: WorkSlices | undefined): Steps<{ count: number; iris: string[]; blank: number }> {
  const iris: string[] = [];
  let blank = 0;
  for (const s of graph.subjects()) {
    if (slices?.spend() === true) yield;
    if (reached.has(termKey(s as Term))) continue;
    // Hydra paging controls are read by the fetcher, not published.
    if (graph.bySubject(s).some((q) => q.predicate.value.startsWith(HYDRA.$base) || q.object.value.startsWith(HYDRA.$base))) continue;
    if (s.termType === 'BlankNode') blank++;
    else iris.push(s.value);
  }
  iris.sort(compareIri);
  return { count: iris.length + blank, iris, blank };
}
