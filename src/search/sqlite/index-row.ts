import { indexTerms, reversedTerms } from '../analysis/index-terms.js';
import { foldWord, wordList } from '../analysis/normalize.js';
import { sortKey } from '../analysis/sort-key.js';
import { analysisLanguageOf, type AnalysisLanguage } from '../analysis/text-language.js';
import { pickText } from '../../core/lang-map.js';
import type { SearchDocument, TaggedText } from '../document/search-document.js';
import { periodBounds } from '../facet-buckets.js';

/** The analysed columns of the FTS5 table, in order. */
export const FTS_COLUMNS = ['title', 'kw', 'descr', 'extra', 'rev_title', 'rev'] as const;

export interface IndexRow {
  readonly title: string;
  readonly kw: string;
  readonly descr: string;
  readonly extra: string;
  /** Reversed long title terms, and reversed long keyword and description terms (compound suffixes). */
  readonly revTitle: string;
  readonly rev: string;
  /** Titles as folded words: `| snoskred i tromso | avalanches in tromso |`, for exact/prefix/phrase ranking. */
  readonly titleNorm: string;
  readonly sortNb: string;
  readonly sortNn: string;
  readonly sortEn: string;
  readonly modified: number | null;
  readonly firstHarvested: number;
  /** A dataset's quality score (MQA points), null for other kinds (column `quality`). */
  readonly quality: number | null;
  /** The validity period as `from|to` (days, empty where open), null for kinds without one (column `validity`). */
  readonly validity: string | null;
}

/** The `validity` column → first and last day in epoch ms (±Infinity where open); NaN, NaN for a kind without a period. */
export function periodOfColumn(text: string | null): [number, number] {
  if (text === null) return [Number.NaN, Number.NaN];
  const [from = '', to = ''] = text.split('|');
  return periodBounds({ from: from === '' ? null : from, to: to === '' ? null : to });
}

/** Texts analysed before, per analysis language: for the tiers whose texts repeat across documents. */
const analysed: Record<AnalysisLanguage, Map<string, readonly string[]>> = { no: new Map(), en: new Map(), other: new Map() };
const ANALYSED_LIMIT = 20_000;

function analyse(texts: readonly TaggedText[], remember = false): string[] {
  const out: string[] = [];
  for (const t of texts) {
    const language = analysisLanguageOf(t.language);
    let terms: readonly string[] | undefined;
    if (remember) {
      const memo = analysed[language];
      terms = memo.get(t.text);
      if (terms === undefined) {
        terms = indexTerms(t.text, language);
        if (memo.size >= ANALYSED_LIMIT) memo.clear();
        memo.set(t.text, terms);
      }
    } else terms = indexTerms(t.text, language);
    for (const term of terms) out.push(term);
  }
  return out;
}

/** Folded title words between bars, so `instr` finds whole-title, title-start and phrase matches. */
export function normalizedTitles(titles: readonly TaggedText[]): string {
  const parts = titles.map((t) => ` ${wordList(t.text).map(foldWord).join(' ')} `);
  return `|${parts.join('|')}|`;
}

export function indexRowOf(doc: SearchDocument): IndexRow {
  const title = analyse([...doc.texts.titles, ...doc.texts.alternativeTitles]);
  // Keywords and related texts (the labels of themes, formats, publishers, catalogs) repeat across documents: each is analysed once.
  const kw = analyse(doc.texts.keywords, true);
  const descr = analyse(doc.texts.descriptions);
  const extra = analyse(doc.texts.related, true);
  const revTitle = reversedTerms(new Set(title));
  const rev = reversedTerms(new Set([...kw, ...descr]));
  const ms = (iso: string | null): number | null => (iso === null ? null : Date.parse(iso));
  const keys = new Map<string, string>();
  const keyOf = (title: string): string => {
    let key = keys.get(title);
    if (key === undefined) keys.set(title, (key = sortKey(title)));
    return key;
  };
  return {
    title: title.join(' '),
    kw: kw.join(' '),
    descr: descr.join(' '),
    extra: extra.join(' '),
    revTitle: revTitle.join(' '),
    rev: rev.join(' '),
    titleNorm: normalizedTitles([...doc.texts.titles, ...doc.texts.alternativeTitles]),
    sortNb: keyOf(pickText(doc.title, 'nb') ?? ''),
    sortNn: keyOf(pickText(doc.title, 'nn') ?? ''),
    sortEn: keyOf(pickText(doc.title, 'en') ?? ''),
    modified: ms(doc.modified),
    firstHarvested: ms(doc.firstHarvested) ?? 0,
    quality: doc.quality,
    validity: doc.validity === null ? null : `${doc.validity.from ?? ''}|${doc.validity.to ?? ''}`,
  };
}
