import type { JSX } from 'preact';
import type { StoredRecord } from '../../../core/catalog-record.js';
import type { RelationsAnswer } from '../../../core/ports/relations-index.js';
import type { SearchHit } from '../../../core/ports/search-index.js';
import type { ResourceKind } from '../../../core/resource-kind.js';
import type { PortalLanguage } from '../i18n/portal-language.js';
import type { PortalContext } from '../portal-context.js';
import type { RecordGraphView, ShownText } from './record-graph-view.js';

/** The label of a vocabulary term (theme, licence, file type, access right, …) in the page language. */
export type TermLabel = (iri: string, lang: PortalLanguage) => ShownText | undefined;

/** A record and what its page shows besides its own graph. */
export interface RecordView {
  readonly record: StoredRecord;
  readonly graph: RecordGraphView;
  /** The resource's IRI (the main subject of the graph). */
  readonly iri: string;
  /** Records this resource refers to, by resource IRI (as search hits: title, kind, id in the page language). */
  readonly outgoing: ReadonlyMap<string, SearchHit>;
  /** Records that refer to this resource. */
  readonly incoming: readonly SearchHit[];
  readonly termLabel: TermLabel;
  /** The record's relations both ways from the relations index (typed), when the portal has one. */
  readonly relations?: RelationsAnswer;
  /** The title of the catalog the record belongs to, in the page language. */
  readonly catalogTitle?: ShownText;
}

export interface KindSectionProps {
  readonly ctx: PortalContext;
  readonly view: RecordView;
}

/** The part of a record page that differs per kind (one file per kind, registered in kind-sections.ts). */
export type KindSection = (props: KindSectionProps) => JSX.Element | null;

export type { ResourceKind };
