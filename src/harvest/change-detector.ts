import type { RecordState } from '../core/catalog-record.js';
import type { HarvestedRecord } from '../core/ports/harvester.js';
import { canonicalNTriples, graphHash } from '../rdf/ntriples.js';
import { uuidV3 } from '../rdf/uuid-v3.js';

/** What the pipeline does with one harvested record. */
export type RecordDecision =
  | { readonly action: 'unchanged'; readonly id: string; readonly iri: string }
  | { readonly action: 'conflict'; readonly id: string; readonly iri: string; readonly ownerSourceId: string }
  | {
      readonly action: 'write';
      readonly change: 'added' | 'changed';
      readonly id: string;
      readonly iri: string;
      readonly record: HarvestedRecord;
      readonly catalogId: string | null;
      readonly graph: string;
      readonly hash: string;
      /** First harvest: kept from an earlier life of the record (also after removal and reappearance). */
      readonly issued: string | undefined;
    };

/**
 * Compares one harvested record with what the store holds:
 * - another source owns the IRI (and has not lost it) → conflict, never a merge;
 * - same canonical hash (of the graph and the record's artefacts), same catalog, still published or quarantined → unchanged (not rewritten, not revalidated);
 * - otherwise → write (added when new or reappearing, changed otherwise).
 */
export function decide(record: HarvestedRecord, sourceId: string, owner: RecordState | undefined): RecordDecision {
  const id = uuidV3(record.iri);
  if (owner !== undefined && owner.sourceId !== sourceId && owner.status !== 'removed') {
    return { action: 'conflict', id, iri: record.iri, ownerSourceId: owner.sourceId };
  }
  const graph = canonicalNTriples(record.quads);
  // A record's artefacts are part of it: a changed document changes the record even when its graph does not.
  const artefacts = (record.artefacts ?? []).map((a) => `# artefact ${a.name} ${a.mediaType} ${a.hash}\n`).sort().join('');
  const hash = graphHash(graph + artefacts);
  const catalogId = record.catalogIri === null ? null : uuidV3(record.catalogIri);
  const alive = owner !== undefined && owner.status !== 'removed' && owner.sourceId === sourceId;
  if (alive && owner.hash === hash && owner.catalogId === catalogId) return { action: 'unchanged', id, iri: record.iri };
  return {
    action: 'write',
    change: alive ? 'changed' : 'added',
    id,
    iri: record.iri,
    record,
    catalogId,
    graph,
    hash,
    issued: owner?.issued,
  };
}
