import type { RelationCount, RelationEntry } from '../core/ports/relations-index.js';
import type { ResourceKind } from '../core/resource-kind.js';
import { pickTitle, pickTitleWithLanguage, type Titles } from './record-titles.js';

/** The two ways a relation is read from a record. */
export type Direction = 'outgoing' | 'incoming';

/** Column names of one direction in either adapter's edge table: the end in this record (`own`) and the other end. */
export const DIRECTION_COLUMNS: Readonly<Record<Direction, { readonly own: string; readonly other: string }>> = {
  outgoing: { own: 'from_iri', other: 'to_iri' },
  incoming: { own: 'to_iri', other: 'from_iri' },
};

/** One distinct relation of a record, as both adapters' page queries give it. */
export interface RelationRow {
  readonly own: string;
  readonly type: string;
  readonly o: string;
  readonly role: string;
}

/** Code-unit order of two strings (relation types and kinds are ASCII, so the same as SQLite's binary collation). */
export function compareText(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}

/** Totals per relation type, in the order of the types. */
export function sortedTotals(totals: Record<string, RelationCount>): Record<string, RelationCount> {
  return Object.fromEntries(Object.entries(totals).sort(([a], [b]) => compareText(a, b)));
}

/** The record holding the other end of a relation (its resource before its parts), as both adapters read it. */
export interface OtherEnd {
  /** The other end is a part of the record (a model element), not its resource. */
  readonly part: boolean;
  /** The titles of the end itself, and of the record's resource (JSON of Titles). */
  readonly end_titles: string;
  readonly record_titles: string;
  readonly id: string;
  readonly kind: ResourceKind;
  readonly status: 'published' | 'removed';
}

/**
 * One relation as answered: the record at the other end (titled by the part it reaches, else by the record), and
 * the part of this record it leaves or arrives at (`own`, when that is a model element).
 */
export function relationEntry(row: RelationRow, end: OtherEnd | undefined, own: { readonly part: boolean; readonly titles: string } | undefined, lang: string): RelationEntry {
  const title = (titles: string): string | null => pickTitle(JSON.parse(titles) as Titles, lang);
  const picked = end === undefined ? null : (pickTitleWithLanguage(JSON.parse(end.part ? end.end_titles : end.record_titles) as Titles, lang) ?? (end.part ? pickTitleWithLanguage(JSON.parse(end.record_titles) as Titles, lang) : null));
  const record =
    end === undefined
      ? null
      : { id: end.id, kind: end.kind, status: end.status, title: picked?.text ?? null, ...(picked !== null && picked.lang !== '' ? { titleLanguage: picked.lang } : {}), part: end.part };
  return {
    type: row.type,
    iri: row.o,
    record,
    ...(own?.part === true ? { element: { iri: row.own, title: title(own.titles) } } : {}),
    ...(row.role !== '' ? { role: row.role } : {}),
  };
}
