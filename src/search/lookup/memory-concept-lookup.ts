import Database from 'better-sqlite3';
import { LABEL_ROLES } from '../../core/concept-label.js';
import type {
  ConceptLookupAnswer,
  ConceptLookupHit,
  ConceptLookupIndex,
  ConceptLookupQuery,
  LookupConcept,
} from '../../core/ports/concept-lookup.js';
import { lookupKey } from './lookup-key.js';

/** How many term rows a prefix scan reads per wanted concept (several terms of one concept can match). */
const ROWS_PER_HIT = 8;
/** At most this many windows per lookup: the bound on its work when most matches are filtered out. */
const MAX_WINDOWS = 64;

interface TermRow {
  readonly rowid: number;
  readonly concept: number;
  readonly key: string;
  readonly value: string;
  readonly lang: string;
  readonly role: number;
}

interface ConceptRow {
  readonly id: string;
  readonly iri: string;
  readonly pref: string;
  readonly reference: number;
}

/**
 * The term lookup held in an in-memory SQLite database: one row per term with its lookup key, an
 * index on the key, so an exact match is one index probe and a prefix match one index range scan
 * that stops after a few rows, whatever the number of concepts (a prefix like "s" matching most
 * terms costs the same as a rare one). Rebuilt from the store at start (a volatile projection).
 */
export class MemoryConceptLookup implements ConceptLookupIndex {
  readonly #db: Database.Database;
  readonly #insertConcept: Database.Statement;
  readonly #insertTerm: Database.Statement;
  readonly #conceptById: Database.Statement<[string], { rowid: number }>;
  readonly #deleteTerms: Database.Statement;
  readonly #deleteConcept: Database.Statement;
  readonly #count: Database.Statement<[], { n: number }>;
  readonly #exact: Database.Statement<[string], TermRow>;
  readonly #exactLang: Database.Statement<[string, string], TermRow>;
  readonly #prefix: Database.Statement<[string, number, number, string, number], TermRow>;
  readonly #prefixLang: Database.Statement<[string, number, number, string, string, number], TermRow>;
  readonly #concept: Database.Statement<[number], ConceptRow>;

  constructor() {
    this.#db = new Database(':memory:');
    this.#db.exec(`
      CREATE TABLE concept (rowid INTEGER PRIMARY KEY, id TEXT NOT NULL UNIQUE, iri TEXT NOT NULL, pref TEXT NOT NULL, reference INTEGER NOT NULL);
      CREATE TABLE term (concept INTEGER NOT NULL, key TEXT NOT NULL, value TEXT NOT NULL, lang TEXT NOT NULL, role INTEGER NOT NULL);
      CREATE INDEX term_key ON term (key, role);
      CREATE INDEX term_concept ON term (concept);
    `);
    this.#insertConcept = this.#db.prepare('INSERT INTO concept (id, iri, pref, reference) VALUES (?, ?, ?, ?)');
    this.#insertTerm = this.#db.prepare('INSERT INTO term (concept, key, value, lang, role) VALUES (?, ?, ?, ?, ?)');
    this.#conceptById = this.#db.prepare('SELECT rowid FROM concept WHERE id = ?');
    this.#deleteTerms = this.#db.prepare('DELETE FROM term WHERE concept = ?');
    this.#deleteConcept = this.#db.prepare('DELETE FROM concept WHERE rowid = ?');
    this.#count = this.#db.prepare('SELECT count(*) AS n FROM concept');
    this.#exact = this.#db.prepare('SELECT rowid, concept, key, value, lang, role FROM term WHERE key = ? ORDER BY role LIMIT 400');
    this.#exactLang = this.#db.prepare('SELECT rowid, concept, key, value, lang, role FROM term WHERE key = ? AND lang = ? ORDER BY role LIMIT 400');
    // Rows after (key, role, rowid) in the order of the index on (key, role), which ends in the rowid.
    this.#prefix = this.#db.prepare('SELECT rowid, concept, key, value, lang, role FROM term WHERE (key, role, rowid) > (?, ?, ?) AND key < ? ORDER BY key, role, rowid LIMIT ?');
    this.#prefixLang = this.#db.prepare('SELECT rowid, concept, key, value, lang, role FROM term WHERE (key, role, rowid) > (?, ?, ?) AND key < ? AND lang = ? ORDER BY key, role, rowid LIMIT ?');
    this.#concept = this.#db.prepare('SELECT id, iri, pref, reference FROM concept WHERE rowid = ?');
  }

  get size(): number {
    return this.#count.get()!.n;
  }

  upsert(concepts: readonly LookupConcept[]): void {
    this.#db.transaction(() => {
      for (const c of concepts) {
        this.#removeOne(c.id);
        const pref: Record<string, string> = {};
        for (const t of c.terms) if (t.role === 'prefLabel' && pref[t.lang] === undefined) pref[t.lang] = t.value;
        const { lastInsertRowid } = this.#insertConcept.run(c.id, c.iri, JSON.stringify(pref), c.referenceData ? 1 : 0);
        for (const t of c.terms) {
          const key = lookupKey(t.value);
          if (key !== '') this.#insertTerm.run(lastInsertRowid, key, t.value, t.lang, LABEL_ROLES.indexOf(t.role));
        }
      }
    })();
  }

  remove(recordIds: readonly string[]): void {
    this.#db.transaction(() => {
      for (const id of recordIds) this.#removeOne(id);
    })();
  }

  clear(): void {
    this.#db.exec('DELETE FROM term; DELETE FROM concept;');
  }

  #removeOne(id: string): void {
    const row = this.#conceptById.get(id);
    if (row === undefined) return;
    this.#deleteTerms.run(row.rowid);
    this.#deleteConcept.run(row.rowid);
  }

  lookup(query: ConceptLookupQuery): ConceptLookupAnswer {
    const key = lookupKey(query.term);
    if (key === '') return { hits: [] };
    const wanted = query.referenceData ?? false;
    const hits: ConceptLookupHit[] = [];
    const taken = new Set<number>();
    const concepts = new Map<number, ConceptRow>();
    const conceptOf = (rowid: number): ConceptRow => {
      let c = concepts.get(rowid);
      if (c === undefined) concepts.set(rowid, (c = this.#concept.get(rowid)!));
      return c;
    };
    const take = (rows: readonly TermRow[], match: 'exact' | 'prefix'): void => {
      for (const r of rows) {
        if (hits.length >= query.limit) return;
        if (taken.has(r.concept)) continue;
        const c = conceptOf(r.concept);
        if (wanted !== 'any' && (c.reference === 1) !== wanted) continue;
        taken.add(r.concept);
        hits.push({
          id: c.id,
          iri: c.iri,
          matched: { value: r.value, lang: r.lang, role: LABEL_ROLES[r.role]! },
          match,
          prefLabel: JSON.parse(c.pref) as Record<string, string>,
          referenceData: c.reference === 1,
        });
      }
    };
    take(query.lang === undefined ? this.#exact.all(key) : this.#exactLang.all(key, query.lang), 'exact');
    // Prefix matches in key order (shorter completions first; within a key, preferred terms first, as
    // the index on (key, role) gives them), read a bounded window of the index at a time; a further
    // window only when concepts already taken or filtered out (reference data) used up the one before.
    // The exact matches come again at the start of the first window; the taken set drops them.
    let after: [string, number, number] = [key, -1, -1];
    const end = `${key}\uffff`;
    for (let round = 0; round < MAX_WINDOWS && hits.length < query.limit; round++) {
      const window = (query.limit - hits.length) * ROWS_PER_HIT;
      const rows = query.lang === undefined ? this.#prefix.all(...after, end, window) : this.#prefixLang.all(...after, end, query.lang, window);
      take(rows, 'prefix');
      if (rows.length < window) break;
      const last = rows[rows.length - 1]!;
      after = [last.key, last.role, last.rowid];
    }
    return { hits };
  }

  close(): void {
    this.#db.close();
  }
}
