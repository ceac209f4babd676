import type { Database } from 'better-sqlite3';
import { type ValueFacet } from '../../core/ports/search-index.js';
import type { LangMap } from '../../core/lang-map.js';
import { VALUE_FACETS } from '../kinds/registry.js';

/** Each value facet's number, as stored in search_value.facet. */
export const FACET_INDEX = new Map<ValueFacet, number>(VALUE_FACETS.map((f, i) => [f, i]));

/** A facet value as the dictionary knows it. */
export interface ValueInfo {
  readonly facet: ValueFacet;
  readonly facetIndex: number;
  readonly key: string;
  label: LangMap | null;
  /** The label as stored (JSON). */
  labelJson: string | null;
}

/**
 * The dictionary of facet values (table search_value) held in memory: every (facet, key) has a
 * number, its value id (fv), which documents list in their `fvs` column and FacetMemory counts.
 * Writes add values as documents bring them; a value's label follows the latest document's.
 */
export class ValueDictionary {
  readonly #db: Database;
  /** Value id by key, per facet number (no key strings made per lookup: a rebuild looks up every value of every document). */
  readonly #ids: Map<string, number>[] = VALUE_FACETS.map(() => new Map());
  readonly #values = new Map<number, ValueInfo>();

  constructor(db: Database) {
    this.#db = db;
  }

  /** Reads the whole table again. */
  load(): void {
    for (const ids of this.#ids) ids.clear();
    this.#values.clear();
    for (const row of this.#db.prepare('SELECT fv, facet, key, label FROM search_value').iterate() as Iterable<{ fv: number; facet: number; key: string; label: string | null }>) {
      this.#ids[row.facet]?.set(row.key, row.fv);
      this.#values.set(row.fv, { facet: VALUE_FACETS[row.facet]!, facetIndex: row.facet, key: row.key, label: row.label === null ? null : (JSON.parse(row.label) as LangMap), labelJson: row.label });
    }
  }

  /** Forgets every value (after the table was emptied). */
  clear(): void {
    for (const ids of this.#ids) ids.clear();
    this.#values.clear();
  }

  /** The id of a known value, by facet number and key. */
  idOf(facetIndex: number, key: string): number | undefined {
    return this.#ids[facetIndex]?.get(key);
  }

  info(fv: number): ValueInfo | undefined {
    return this.#values.get(fv);
  }

  /** Every value with its id, in the order they became known. */
  entries(): IterableIterator<[number, ValueInfo]> {
    return this.#values.entries();
  }

  /** The largest value id + 1: the size of per-value arrays. */
  span(): number {
    let max = 0;
    for (const fv of this.#values.keys()) if (fv > max) max = fv;
    return max + 1;
  }

  /** The id of a facet value (the facet by its number), created on first use; its stored label follows the latest document's. */
  intern(f: number, key: string, labelJson: string | null): number {
    const ids = this.#ids[f]!;
    const id = ids.get(key);
    if (id !== undefined) {
      const info = this.#values.get(id)!;
      if (labelJson !== null && labelJson !== info.labelJson) {
        info.label = JSON.parse(labelJson) as LangMap;
        info.labelJson = labelJson;
        this.#db.prepare('UPDATE search_value SET label = ? WHERE fv = ?').run(labelJson, id);
      }
      return id;
    }
    const fv = Number(this.#db.prepare('INSERT INTO search_value (facet, key, label) VALUES (?, ?, ?)').run(f, key, labelJson).lastInsertRowid);
    ids.set(key, fv);
    this.#values.set(fv, { facet: VALUE_FACETS[f]!, facetIndex: f, key, label: labelJson === null ? null : (JSON.parse(labelJson) as LangMap), labelJson });
    return fv;
  }
}
