import type { StoredRecord } from '../catalog-record.js';
import type { ResourceKind } from '../resource-kind.js';

/**
 * The relations index: a projection of the links the stored records state between resources
 * (a data service serves a dataset, a dataset conforms to a model, a model element means a concept,
 * …), answered in both directions for any record. Kept current by the projector from the store's
 * change log and rebuildable from the store; never asks the SPARQL endpoint.
 * Adapters: embedded SQLite in its own file (src/relations/sqlite), and PostgreSQL (src/relations/postgres),
 * shared by the nodes of a catalog whose search index is shared.
 */

/** The languages titles and labels are answered in. */
export const RELATION_LANGUAGES = ['nb', 'nn', 'en'] as const;
export type RelationLanguage = (typeof RELATION_LANGUAGES)[number];

/** What the other end of a relation is, in `kind=` filters: a kind of record, or not in the catalog. */
export type RelationEndKind = ResourceKind | 'external';

export const MAX_RELATIONS_PAGE_SIZE = 100;

export interface RelationsQuery {
  readonly recordId: string;
  readonly lang: RelationLanguage;
  /** Relation type ids to keep (all when absent). */
  readonly types?: readonly string[];
  /** Kinds of the other end to keep (all when absent). */
  readonly kinds?: readonly RelationEndKind[];
  /** 0-based page, applied to the outgoing and the incoming list alike. */
  readonly page: number;
  /** 1 … MAX_RELATIONS_PAGE_SIZE. */
  readonly size: number;
}

/** A record at the other end of a relation (or holding it, for a model element). */
export interface RelatedRecord {
  readonly id: string;
  readonly kind: ResourceKind;
  /** A removed record stays named (its URI answers 410 Gone), never a broken link. */
  readonly status: 'published' | 'removed';
  /** The other end's own title: the resource's, or the model element's. */
  readonly title: string | null;
  /** The language tag of that title, when it has one (it may be another than the one asked for). */
  readonly titleLanguage?: string;
  /** The other end is a part of the record (a model element or property), not the record's resource. */
  readonly part: boolean;
}

export interface RelationEntry {
  /** Relation type id (src/rdf/relation-types.ts). */
  readonly type: string;
  /** The IRI at the other end. */
  readonly iri: string;
  /** The record that holds the other end; null when the catalog holds none (an external resource). */
  readonly record: RelatedRecord | null;
  /** Where the relation leaves or arrives in this record when that is one of its parts (a model element). */
  readonly element?: { readonly iri: string; readonly title: string | null };
  /** Role of a qualified or associative relation (an IRI). */
  readonly role?: string;
}

export interface RelationCount {
  readonly outgoing: number;
  readonly incoming: number;
}

/** How many relations of one type and direction reach each kind of other end ('external' when the catalog holds none). */
export type RelationKindCounts = Readonly<Partial<Record<RelationEndKind, number>>>;

/**
 * A record's relations counted per relation type, each direction by kind of the other end: what a
 * search hit carries to help choose ("served by 2 data services", "concept of 14 datasets"). Types
 * and directions without any relation are left out.
 */
export type RelationSummary = Readonly<Record<string, { readonly outgoing?: RelationKindCounts; readonly incoming?: RelationKindCounts }>>;

export interface RelationsAnswer {
  readonly outgoing: readonly RelationEntry[];
  readonly incoming: readonly RelationEntry[];
  /** Matching relations in each direction (all pages). */
  readonly total: RelationCount;
  /** Per relation type, with the kind filter but not the type filter applied; types without any are left out. */
  readonly totals: Readonly<Record<string, RelationCount>>;
}

export interface RelationsIndex {
  /** The index held no complete build of this version when it was opened (new, or written by another version): rebuild it from the store. */
  readonly needsRebuild: boolean;
  /**
   * Takes in the current rows of changed records: a published one replaces what its record stated;
   * a removed one states nothing more but stays known, so links to it show it as removed; any other
   * status drops the record. Idempotent.
   */
  upsert(records: readonly StoredRecord[]): Promise<void>;
  /** Forgets records gone from the store entirely. */
  forget(ids: readonly string[]): Promise<void>;
  clear(): Promise<void>;
  /** Empties the index and takes in the given records (the published records of the store, in pages). */
  rebuild(pages: AsyncIterable<readonly StoredRecord[]>): Promise<void>;
  relations(query: RelationsQuery): Promise<RelationsAnswer>;
  /** Counts per relation type of one record, both directions (types without any left out). */
  counts(recordId: string): Promise<Readonly<Record<string, RelationCount>>>;
  /** The relation summaries of records (by kind of the other end); a record the index does not hold gets an empty one. */
  summaries(recordIds: readonly string[]): Promise<ReadonlyMap<string, RelationSummary>>;
  /**
   * Records whose relations changed through a change of another record (a data service that now
   * serves them, a dataset that stopped naming them as its concept, a record at the other end that
   * appeared or was forgotten), not yet settled: the search index re-reads their summaries. Durable
   * (kept in the index until settled), at most `limit`, oldest first. A rebuild leaves none pending:
   * rebuild the search index after it.
   */
  pendingNeighbours(limit: number): Promise<readonly string[]>;
  /** Marks pending records as taken in. */
  settleNeighbours(ids: readonly string[]): Promise<void>;
  close(): Promise<void>;
}
