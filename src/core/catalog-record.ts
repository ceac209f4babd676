import type { RecordArtefact } from './ports/harvester.js';
import type { ResourceKind } from './resource-kind.js';
import type { ValidationReport } from './validation-report.js';

/** published: in the SPARQL and search indexes; quarantined: kept back for violations; removed: tombstone (410). */
export const RECORD_STATUSES = ['published', 'quarantined', 'removed'] as const;
export type RecordStatus = (typeof RECORD_STATUSES)[number];

/** What the pipeline needs to know of a stored record to detect changes, conflicts and removals. */
export interface RecordState {
  /** Catalog id: UUID v3 of the resource IRI (data.norge.no's), kept forever. */
  readonly id: string;
  readonly iri: string;
  readonly kind: ResourceKind;
  readonly sourceId: string;
  /** Id of the record of the catalog the resource belongs to (dct:isPartOf); none for catalogs. */
  readonly catalogId: string | null;
  /** Canonical hash of the resource graph. */
  readonly hash: string;
  readonly status: RecordStatus;
  /** First harvest (dct:issued of the catalog record). */
  readonly issued: string;
  /** Last harvest that changed it (dct:modified of the catalog record). */
  readonly modified: string;
  /** When the record was marked removed, for tombstones. */
  readonly removedAt: string | null;
}

/** A stored record with its graph and its validation report. */
export interface StoredRecord extends RecordState {
  /** The resource graph as canonical N-Triples (sorted lines, no blank nodes). */
  readonly graph: string;
  readonly validation: ValidationReport | null;
}

/** One record write: a new or changed record (never a removal: see Store.markRemoved), committed atomically. */
export interface RecordWrite extends Omit<StoredRecord, 'status' | 'removedAt'> {
  readonly status: Exclude<RecordStatus, 'removed'>;
  /**
   * The documents kept with the record (they replace the ones it had; none written = none kept). One
   * without bytes names bytes the store keeps already under its hash; when it does not, it is left out.
   */
  readonly artefacts?: readonly RecordArtefact[];
  /** The harvest run that writes it: kept with the version the write makes in the record's history. */
  readonly runId?: string;
}

/** A document kept with a record, as the store hands it back. */
/** What is known of a kept artefact without reading its bytes. */
export interface ArtefactSummary {
  readonly name: string;
  readonly mediaType: string;
  readonly hash: string;
  readonly bytes: number;
}

export interface StoredArtefact {
  readonly name: string;
  readonly mediaType: string;
  readonly hash: string;
  readonly body: Buffer;
}

/** An entry in the store's change log, which the SPARQL and search projections follow. */
export interface RecordChange {
  readonly seq: number;
  readonly id: string;
  /** upsert: the record's current row is what to project (its status says whether it is published). */
  readonly op: 'upsert' | 'remove';
}
