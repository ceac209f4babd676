import type { Quad, Term } from '@rdfjs/types';
import type { HarvestedRecord, SourceGraph, SplitContext, SplitResult } from '../../src/core/ports/harvester.js';
import type { Problem } from '../../src/core/problem.js';
import type { ResourceKind } from '../../src/core/resource-kind.js';
import { DCAT, DCT, HYDRA } from '../../src/rdf/namespaces.js';
import { skolemise } from '../../src/rdf/skolemise.js';
import { catalogMembership, compareIri } from './catalog-membership.js';
import { generatedCatalogQuads } from './generated-catalog.js';
import { generatedCatalogIri } from './generated-iris.js';
import { NodeRoles, RecordCutter } from './record-closure.js';
import { identifyResources } from './resource-identity.js';
import type { RecordEntry, UnidentifiedResource } from './resource-identity.js';
import { classLabel, termKey } from './resource-kinds.js';

export interface SplitOptions {
  /** A record whose closure (the triples of the nodes it links to, not its own) would exceed this is left out and reported. */
  readonly maxRecordQuads: number;
}

/** How many example IRIs a summary problem names. */
const EXAMPLES = 5;

/**
 * Cuts a DCAT-AP-NO payload into records (see README.md for every rule). Deterministic: the same graph
 * gives the same records, whatever the blank node labels and triple order.
 */
export function splitDcatApNo(graph: SourceGraph, context: SplitContext, options: SplitOptions): SplitResult {
  const problems: Problem[] = [];
  const table = identifyResources(graph, context);
  const generatedIri = generatedCatalogIri(context.baseUrl, context.sourceId);
  const catalogRecords = graph.subjectsOfType(DCAT.CatalogRecord);
  const roles = new NodeRoles(table, catalogRecords);
  const membership = catalogMembership(graph, table, roles);
  const cutter = new RecordCutter(graph, roles, options.maxRecordQuads);

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
    if (cut.ok) cuts.set(entry.iri, cut.quads);
    else {
      problems.push({
        kind: 'skipped',
        resource: entry.iri,
        message:
          `Left out the ${classLabel(entry.kind)} <${entry.iri}>: the nodes it links to, recursively, describe more than ${options.maxRecordQuads} triples ` +
          'to copy into its record. Link large shared descriptions by IRI and publish them separately.',
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
    if (catalogIri === null && entry.kind !== 'catalog') {
      catalogIri = generatedIri;
      loose.push(entry);
    }
    records.push({ iri: entry.iri, kind: entry.kind, quads: skolemise(quads, entry.iri), catalogIri });
  }
  if (loose.length > 0) {
    records.push({ iri: generatedIri, kind: 'catalog', quads: generatedCatalogQuads(generatedIri, context, loose), catalogIri: null });
  }
  records.sort(byKindThenIri);

  const unidentified = [...table.unidentified].map(([key, resource]) => {
    cutter.markReached(resource.term);
    return unidentifiedProblem(graph, resource, membership.unidentifiedListedBy.get(key) ?? []);
  });
  unidentified.sort((a, b) => compareIri(a.message, b.message));
  problems.push(...unidentified);

  let catalogRecordCount = 0;
  for (const c of catalogRecords) {
    if (roles.of(c).role !== 'catalog-record') continue;
    catalogRecordCount++;
    cutter.markReached(c);
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

  const unreachable = unreachableNodes(graph, cutter.reached);
  if (unreachable.count > 0) {
    const named = unreachable.iris.slice(0, EXAMPLES).map((i) => `<${i}>`);
    const rest = unreachable.iris.length - named.length;
    const parts = [...named];
    if (rest > 0) parts.push(`${rest} more IRI(s)`);
    if (unreachable.blank > 0) parts.push(`${unreachable.blank} blank node(s)`);
    problems.push({
      kind: 'note',
      message:
        `Left out ${unreachable.count} node(s) described in the payload that no catalog, dataset, dataset series or data service links to: ` +
        `${parts.join(', ')}.`,
    });
  }
  return { records, problems };
}

const KIND_ORDER: Record<ResourceKind, number> = {
  catalog: 0,
  'dataset-series': 1,
  dataset: 2,
  'data-service': 3,
  concept: 4,
  'information-model': 5,
};

function byKindThenIri(a: HarvestedRecord, b: HarvestedRecord): number {
  return KIND_ORDER[a.kind] - KIND_ORDER[b.kind] || compareIri(a.iri, b.iri);
}

function unidentifiedProblem(graph: SourceGraph, resource: UnidentifiedResource, listedBy: readonly string[]): Problem {
  const label = classLabel(resource.kind);
  const titles = graph
    .bySubject(resource.term)
    .filter((q) => q.predicate.value === DCT.title && q.object.termType === 'Literal')
    .map((q) => q.object.value)
    .sort();
  const about = [titles.length > 0 ? `titled "${titles[0]}"` : 'without a title'];
  if (listedBy.length > 0) about.push(`listed by ${listedBy.map((c) => `<${c}>`).join(', ')}`);
  return {
    kind: 'skipped',
    message: `Left out a blank-node ${label} (${about.join(', ')}): a ${label} without IRI or dct:identifier cannot be given a stable identity; give it an IRI.`,
  };
}

function unreachableNodes(graph: SourceGraph, reached: ReadonlySet<string>): { count: number; iris: string[]; blank: number } {
  const iris: string[] = [];
  let blank = 0;
  for (const s of graph.subjects()) {
    if (reached.has(termKey(s as Term))) continue;
    // Hydra paging controls are read by the fetcher, not published.
    if (graph.bySubject(s).some((q) => q.predicate.value.startsWith(HYDRA.$base) || q.object.value.startsWith(HYDRA.$base))) continue;
    if (s.termType === 'BlankNode') blank++;
    else iris.push(s.value);
  }
  iris.sort(compareIri);
  return { count: iris.length + blank, iris, blank };
}
