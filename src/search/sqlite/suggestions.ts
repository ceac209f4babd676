import type { Database } from 'better-sqlite3';
import { MISSING_VALUE, type Suggestion, type SuggestOptions } from '../../core/ports/search-index.js';
import { stemFor } from '../analysis/index-terms.js';
import { foldWord, wordList } from '../analysis/normalize.js';
import { pickText } from '../../core/lang-map.js';
import type { HitDocument } from '../search-hit.js';
import type { IndexCache } from './index-cache.js';

/**
 * Suggestions while typing: up to three publishers whose name has words beginning with every typed
 * word (most documents first), then titles that match the typed words (the last one as a prefix),
 * titles that begin with the typed text first. Catches up with other connections first.
 */
export function suggestions(db: Database, cache: IndexCache, q: string, options: SuggestOptions): Suggestion[] {
  cache.sync();
  const typed = wordList(q).slice(0, 8);
  if (typed.length === 0) return [];
  const folded = typed.map(foldWord);
  const out: Suggestion[] = [];

  // Publishers whose name has words starting with every typed word, most datasets first.
  const candidates = [...cache.values.entries()].filter(([, info]) => {
    if (info.facet !== 'publisher' || info.key === MISSING_VALUE) return false;
    const name = pickText(info.label, options.lang);
    if (name === null) return false;
    const nameWords = wordList(name).map(foldWord);
    return folded.every((w) => nameWords.some((n) => n.startsWith(w)));
  });
  if (candidates.length > 0) {
    const memory = cache.loadedMemory();
    const docs = new Map<number, number>(candidates.map(([fv]) => [fv, 0]));
    const { pool, offset, length } = memory;
    for (const rowid of memory.rowids()) for (let k = offset[rowid]!; k < offset[rowid]! + length[rowid]!; k++) if (docs.has(pool[k]!)) docs.set(pool[k]!, docs.get(pool[k]!)! + 1);
    const publishers = candidates
      .map(([fv, info]) => ({ id: info.key, name: pickText(info.label, options.lang)!, docs: docs.get(fv)! }))
      .filter((p) => p.docs > 0)
      .sort((a, b) => b.docs - a.docs || a.name.localeCompare(b.name, 'nb'));
    for (const p of publishers.slice(0, Math.min(3, options.size))) out.push({ text: p.name, kind: 'publisher', id: p.id });
  }

  // Titles: earlier words as typed (stemmed), the last one as a prefix.
  const quote = (t: string): string => `"${t.replace(/"/g, '""')}"`;
  const parts = typed.map((w, i) => {
    const forms = new Set([w, foldWord(w), stemFor(w, 'no'), stemFor(foldWord(w), 'no')]);
    const alternatives = [...forms].filter((f) => f !== '').map((f) => (i === typed.length - 1 ? `${quote(f)} *` : quote(f)));
    return `{title} : (${alternatives.join(' OR ')})`;
  });
  const phrase = folded.join(' ');
  const rows = db
    .prepare(
      `SELECT d.doc AS doc FROM (SELECT rowid FROM search_fts WHERE search_fts MATCH ?) x JOIN search_doc d ON d.rowid = x.rowid
       ORDER BY (CASE WHEN instr(d.title_norm, ?) > 0 THEN 2 WHEN instr(d.title_norm, ?) > 0 THEN 1 ELSE 0 END) DESC, length(d.title_norm), d.sort_nb LIMIT ?`,
    )
    .all(parts.join(' AND '), `| ${phrase}`, ` ${phrase}`, options.size * 3) as { doc: string }[];
  const seen = new Set<string>();
  for (const r of rows) {
    if (out.length >= options.size) break;
    const doc = JSON.parse(r.doc) as HitDocument;
    const title = pickText(doc.title, options.lang);
    if (title === null || seen.has(title)) continue;
    seen.add(title);
    out.push({ text: title, kind: 'title', id: doc.id, type: doc.kind });
  }
  return out;
}
