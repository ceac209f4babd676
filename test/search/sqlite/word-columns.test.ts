// A query of one word reads where the word occurs from the FTS5 vocabulary (word-columns.ts), once per
// term, instead of a MATCH expression per column. What it reads must be exactly what those expressions
// select: the documents the word matches (also those the brute-force oracle finds), its terms per column,
// its exact terms anywhere (the strict bonus), and the compounds that earn a boost, after documents are
// replaced and removed too.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import Database from 'better-sqlite3';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { SearchRecordInput } from '../../../src/core/ports/search-index.js';
import { analyzeQuery } from '../../../src/search/analysis/query-analysis.js';
import { buildSearchDocument } from '../../../src/search/document/build-search-document.js';
import { ftsRowids } from '../../../src/search/sqlite/fts-rowids.js';
import { IndexedTerms } from '../../../src/search/sqlite/indexed-terms.js';
import { matchExpressions, type ResolvedWord } from '../../../src/search/sqlite/match-expression.js';
import { ensureSchema } from '../../../src/search/sqlite/schema.js';
import { SqliteSearchIndex } from '../../../src/search/sqlite/sqlite-search-index.js';
import {
  EXACT_ANY, HEAD_DESCR, HEAD_KW, HEAD_TITLE, SUFFIX_REV, SUFFIX_REV_TITLE, TERM_DESCR, TERM_EXTRA, TERM_KW, TERM_TITLE, wordColumns,
} from '../../../src/search/sqlite/word-columns.js';
import { contractVocabulary } from '../../contract/search-index.contract.js';
import { oracleDocument, textMatcher } from '../fixtures/brute-force-oracle.js';
import { recordsFromTurtle } from '../fixtures/records-from-turtle.js';

const TURTLE = `
@prefix dcat: <http://www.w3.org/ns/dcat#> . @prefix dct: <http://purl.org/dc/terms/> . @prefix skos: <http://www.w3.org/2004/02/skos/core#> .
@prefix d: <https://data.example.no/d/> . @prefix c: <https://begrep.example.no/c/> .
@prefix theme: <http://publications.europa.eu/resource/authority/data-theme/> .
d:1 a dcat:Dataset ; dct:title "Kommune"@nb ; dct:description "Data om kommuner og fylker"@nb .
d:2 a dcat:Dataset ; dct:title "Kommuneøkonomi i Bergen"@nb ; dcat:keyword "kommuneøkonomi"@nb .
d:3 a dcat:Dataset ; dct:title "Statistikk"@nb ; dct:description "Vedtak i kommunestyret"@nb .
d:4 a dcat:Dataset ; dct:title "Nabokommune"@nb ; dct:description "Luftkvalitet målt hver time"@nb .
d:5 a dcat:Dataset ; dct:title "Sammenslåing"@nb ; dcat:keyword "nabokommune"@nb ; dct:description "storkommune med kvalitetsmål"@nb .
d:6 a dcat:Dataset ; dct:title "Målestasjoner"@nb ; dcat:theme theme:ENVI ; dct:description "kvalitet på vann"@nb .
d:7 a dcat:Dataset ; dct:title "Skoler"@nb ; dcat:keyword "kommune"@nb ; dct:description "kommune og skole"@nb .
d:8 a dcat:Dataset ; dct:title "Miljøkvalitet og kommunekvalitet"@nb ; dcat:keyword "kvalitet"@nb .
c:1 a skos:Concept ; skos:prefLabel "kommunenummer"@nb ; skos:altLabel "kommunekode"@nb ; skos:hiddenLabel "kommune nr"@nb .
c:2 a skos:Concept ; skos:prefLabel "økonomi"@nb ; skos:definition "Husholdning av midler i en kommune"@nb .
c:3 a skos:Concept ; skos:prefLabel "kvalitetssikring"@nb ; skos:hiddenLabel "kvalitetskontroll"@nb .
`;

const WORDS = [
  'kommune', 'kommuner', 'kommunestyre', 'kommunen', 'kommunekvalitet', 'kvalitet', 'kvalitett', 'kvaliteet', 'luft', 'miljø', 'miljo',
  'bergen', 'nabo', 'økonomi', 'okonomi', 'ekonomi', 'data', 'statistik', 'midler', 'kode', 'xyzzy', 'målt', 'malt', 'nr',
];

let dir: string;
let index: SqliteSearchIndex;
let db: Database.Database;
let inputs: SearchRecordInput[];

beforeAll(async () => {
  dir = mkdtempSync(path.join(tmpdir(), 'dk-word-columns-'));
  const file = path.join(dir, 'search.db');
  index = SqliteSearchIndex.open({ file, vocabulary: contractVocabulary });
  inputs = recordsFromTurtle(TURTLE);
  await index.upsert(inputs);
  // A second connection reads what the index wrote, with its own vocabulary tables (temp), as a reader node would.
  db = new Database(file);
  ensureSchema(db);
});
afterAll(async () => {
  db.close();
  await index.close();
  rmSync(dir, { recursive: true, force: true });
});

/** The documents (rowids, ascending) whose bits satisfy `test`. */
const having = (bits: Uint16Array, test: (b: number) => boolean): number[] => [...bits.keys()].filter((r) => test(bits[r]!));
const quoted = (terms: readonly string[]): string => terms.map((t) => `"${t}"`).join(' OR ');

/** What relevance-scores.ts's MATCH expressions select for one word: the expected bits, expression by expression. */
function expected(w: ResolvedWord): Record<string, number[]> {
  const terms = quoted([...w.exact, ...w.typos]);
  const heads = [...(w.prefix === null ? [] : [`"${w.prefix}" *`]), ...w.typoPrefixes.map((p) => `"${p}" *`)];
  const expressions = matchExpressions([w])!;
  const titleParts = [...heads.map((h) => `{title} : ${h}`), ...(w.suffix === null ? [] : [`{rev_title} : "${w.suffix}" *`])];
  const other = [...heads.map((h) => `{descr} : ${h}`), ...(w.suffix === null ? [] : [`{rev} : "${w.suffix}" *`])];
  return {
    matches: ftsRowids(db, expressions.full),
    title: ftsRowids(db, `{title} : (${terms})`),
    kw: ftsRowids(db, `{kw} : (${terms})`),
    descr: ftsRowids(db, `{descr} : (${terms})`),
    extra: ftsRowids(db, `{extra} : (${terms})`),
    strict: ftsRowids(db, expressions.strict),
    titleCompound: titleParts.length === 0 ? [] : ftsRowids(db, `(${titleParts.join(' OR ')}) NOT {title} : (${terms})`),
    kwCompound: heads.length === 0 ? [] : ftsRowids(db, `{kw} : (${heads.join(' OR ')}) NOT {kw} : (${terms})`),
    otherCompound: other.length === 0 ? [] : ftsRowids(db, `(${other.join(' OR ')}) NOT {kw descr} : (${terms})`),
  };
}

function read(w: ResolvedWord): Record<string, number[]> {
  const found = wordColumns(db, w, 0);
  expect(found).not.toBeNull();
  const { bits, rowids } = found!;
  const hasHeads = w.prefix !== null || w.typoPrefixes.length > 0;
  return {
    matches: rowids,
    title: having(bits, (b) => (b & TERM_TITLE) !== 0),
    kw: having(bits, (b) => (b & TERM_KW) !== 0),
    descr: having(bits, (b) => (b & TERM_DESCR) !== 0),
    extra: having(bits, (b) => (b & TERM_EXTRA) !== 0),
    strict: having(bits, (b) => (b & EXACT_ANY) !== 0),
    titleCompound: having(bits, (b) => (b & (HEAD_TITLE | SUFFIX_REV_TITLE)) !== 0 && (b & TERM_TITLE) === 0),
    kwCompound: hasHeads ? having(bits, (b) => (b & HEAD_KW) !== 0 && (b & TERM_KW) === 0) : [],
    otherCompound: having(bits, (b) => (b & (HEAD_DESCR | SUFFIX_REV)) !== 0 && (b & (TERM_KW | TERM_DESCR)) === 0),
  };
}

function checkEveryWord(current: readonly SearchRecordInput[]): { matched: number; compounds: number; typos: number } {
  const terms = new IndexedTerms(db);
  const docs = current.map((i) => oracleDocument(buildSearchDocument(i, contractVocabulary)));
  const vocabulary = new Set(docs.flatMap((d) => [...d.terms]));
  const rowidOf = new Map((db.prepare('SELECT id, rowid FROM search_doc').raw().all() as [string, number][]).map(([id, rowid]) => [id, rowid]));
  const seen = { matched: 0, compounds: 0, typos: 0 };
  for (const word of WORDS) {
    const [w] = terms.resolve(analyzeQuery(word));
    const want = expected(w!);
    expect(read(w!), word).toEqual(want);
    // The documents matched are the oracle's too.
    const matches = textMatcher(word, vocabulary);
    expect(want.matches, word).toEqual(docs.filter(matches).map((d) => rowidOf.get(d.doc.id)!).sort((a, b) => a - b));
    if (want.matches!.length > 0) seen.matched++;
    if (want.titleCompound!.length + want.kwCompound!.length + want.otherCompound!.length > 0) seen.compounds++;
    if (w!.typos.length + w!.typoPrefixes.length > 0) seen.typos++;
  }
  return seen;
}

describe('SQLite search: where one word occurs, read from the vocabulary', () => {
  it('finds the same documents, columns, strict matches and compounds as the MATCH expressions and the oracle', () => {
    const seen = checkEveryWord(inputs);
    // The words exercise every part: matches, compound boosts, typo corrections.
    expect(seen.matched).toBeGreaterThan(15);
    expect(seen.compounds).toBeGreaterThan(5);
    expect(seen.typos).toBeGreaterThanOrEqual(2);
  });

  it('still does after documents are replaced and removed (deleted rows leave the vocabulary)', async () => {
    const replaced = recordsFromTurtle(`
      @prefix dcat: <http://www.w3.org/ns/dcat#> . @prefix dct: <http://purl.org/dc/terms/> . @prefix d: <https://data.example.no/d/> .
      d:1 a dcat:Dataset ; dct:title "Fylke"@nb ; dct:description "Data om fylker"@nb .
      d:7 a dcat:Dataset ; dct:title "Kommuneskoler"@nb ; dcat:keyword "skole"@nb .
    `);
    await index.upsert(replaced);
    const gone = inputs.find((i) => i.record.iri === 'https://data.example.no/d/2')!;
    await index.remove([gone.record.id]);
    const current = [...inputs.filter((i) => i !== gone && !replaced.some((r) => r.record.id === i.record.id)), ...replaced];
    checkEveryWord(current);
    // What changed shows: "kommune" no longer finds the removed or the retitled dataset through its old text.
    const [w] = new IndexedTerms(db).resolve(analyzeQuery('kommune'));
    const rowid = db.prepare('SELECT rowid FROM search_doc WHERE iri = ?').pluck().get('https://data.example.no/d/1') as number;
    expect(wordColumns(db, w!, 0)!.rowids).not.toContain(rowid);
  });

  it('leaves a word the tokenizer would split or change to the MATCH expressions', () => {
    const word: ResolvedWord = { exact: ['Kommune'], typos: [], typoPrefixes: [], prefix: null, suffix: null };
    expect(wordColumns(db, word, 0)).toBeNull();
    expect(wordColumns(db, { ...word, exact: ['kommune-nr'] }, 0)).toBeNull();
  });
});
