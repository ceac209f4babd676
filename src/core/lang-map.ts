import type { SearchLanguage } from './ports/search-index.js';

/**
 * Text per language: nb, nn, en, and `no` for generic Norwegian and untagged text. Other languages
 * (Sami, German, …) are indexed but never shown.
 */
export interface LangMap {
  nb?: string;
  nn?: string;
  en?: string;
  no?: string;
  other?: string;
}
export type LangSlot = keyof LangMap;

export function slotOfTag(tag: string): LangSlot {
  const primary = tag.toLowerCase().split('-')[0] ?? '';
  if (primary === 'nb' || primary === 'nob') return 'nb';
  if (primary === 'nn' || primary === 'nno') return 'nn';
  if (primary === 'en' || primary === 'eng') return 'en';
  if (primary === '' || primary === 'no' || primary === 'nor') return 'no';
  return 'other';
}

/** Fallback order per requested language: the other Norwegian written standard before English. */
const FALLBACK: Record<SearchLanguage, readonly LangSlot[]> = {
  nb: ['nb', 'no', 'nn', 'en', 'other'],
  nn: ['nn', 'no', 'nb', 'en', 'other'],
  en: ['en', 'nb', 'no', 'nn', 'other'],
};

/** The text in the requested language, or the best fallback, with the slot it came from. */
export function pick(map: LangMap | null | undefined, lang: SearchLanguage): { text: string; slot: LangSlot } | null {
  if (!map) return null;
  for (const slot of FALLBACK[lang]) {
    const text = map[slot];
    if (text !== undefined && text !== '') return { text, slot };
  }
  return null;
}

export function pickText(map: LangMap | null | undefined, lang: SearchLanguage): string | null {
  return pick(map, lang)?.text ?? null;
}

/** Builds a LangMap from tagged literals; the first text per slot wins (inputs are sorted canonically). */
export function langMapOf(literals: Iterable<{ value: string; language: string }>): LangMap {
  const out: LangMap = {};
  for (const l of literals) {
    const slot = slotOfTag(l.language);
    const text = l.value.trim();
    if (text !== '' && out[slot] === undefined) out[slot] = text;
  }
  return out;
}

export function isEmptyLangMap(map: LangMap): boolean {
  return Object.values(map).every((v) => v === undefined || v === '');
}
