import type { ArtefactSummary } from '../../../core/catalog-record.js';
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

/**
 * A record of the catalog that a page links to: its id, kind and title in the page language. `part`
 * when the IRI is a part of that record (a model element), not its resource.
 */
export interface LinkedRecord {
  readonly id: string;
  readonly type: ResourceKind;
  readonly iri: string;
  readonly title: string | null;
  /** The language the title is in, when known. */
  readonly language: string | null;
  readonly part?: boolean;
}

/** The catalog (or concept collection) a record belongs to. */
export interface RecordCatalog {
  readonly id: string;
  readonly iri: string;
  readonly kind: ResourceKind;
  readonly title: ShownText | undefined;
}

/** A record and what its page shows besides its own graph. */
export interface RecordView {
  readonly record: StoredRecord;
  readonly graph: RecordGraphView;
  /** The resource's IRI (the main subject of the graph). */
  readonly iri: string;
  /** Records this resource refers to (or that refer to it, by relation), by IRI: title, kind, id in the page language. */
  readonly outgoing: ReadonlyMap<string, LinkedRecord>;
  /** Records that refer to this resource. */
  readonly incoming: readonly SearchHit[];
  readonly termLabel: TermLabel;
  /** The record's relations both ways from the relations index (typed), when the portal has one. */
  readonly relations?: RelationsAnswer;
  /** The documents the record keeps as harvested (its OpenAPI description), served at `{record path}/{name}`. */
  readonly artefacts: readonly ArtefactSummary[];
  /** The catalog or collection the record belongs to. */
  readonly catalog?: RecordCatalog;
}

export interface KindSectionProps {
  readonly ctx: PortalContext;
  readonly view: RecordView;
}

/** The part of a record page that differs per kind (one file per kind, registered in kind-sections.ts). */
export type KindSection = (props: KindSectionProps) => JSX.Element | null;

export type { ResourceKind };
