import type { QueryWord } from './analysis/query-analysis.js';
import { termsOfWord, reverse } from './analysis/index-terms.js';
import { words } from './analysis/normalize.js';
import type { AnalysisLanguage } from './analysis/text-language.js';

const ESCAPES: Record<string, string> = { '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' };
export const escapeHtml = (text: string): string => text.replace(/[&<>"']/g, (c) => ESCAPES[c]!);

/** What a query matches, for marking words in titles and descriptions. */
export interface Highlighter {
  readonly terms: ReadonlySet<string>;
  readonly prefixes: readonly string[];
  readonly suffixes: readonly string[];
}

export function highlighterOf(queryWords: readonly QueryWord[], typos: readonly (readonly string[])[], typoPrefixes: readonly (readonly string[])[] = []): Highlighter {
  const terms = new Set<string>();
  const prefixes: string[] = [];
  const suffixes: string[] = [];
  queryWords.forEach((w, i) => {
    for (const t of w.exact) terms.add(t);
    for (const t of typos[i] ?? []) terms.add(t);
    for (const p of typoPrefixes[i] ?? []) prefixes.push(p);
    if (w.prefix !== null) prefixes.push(w.prefix);
    if (w.suffix !== null) suffixes.push(reverse(w.suffix));
  });
  return { terms, prefixes, suffixes };
}

function matches(h: Highlighter, word: string, language: AnalysisLanguage): boolean {
  for (const t of termsOfWord(word, language)) {
    if (h.terms.has(t)) return true;
    if (h.prefixes.some((p) => t.startsWith(p))) return true;
    if (h.suffixes.some((s) => t.length > s.length && t.endsWith(s))) return true;
  }
  return false;
}

/** Marked spans of a text, as [start, end) pairs. */
function markedSpans(h: Highlighter, text: string, language: AnalysisLanguage): [number, number][] {
  const out: [number, number][] = [];
  for (const w of words(text)) if (matches(h, w.word, language)) out.push([w.start, w.end]);
  return out;
}

function render(text: string, spans: readonly [number, number][], from: number, to: number): string {
  let out = '';
  let at = from;
  for (const [start, end] of spans) {
    if (end <= from || start >= to) continue;
    out += escapeHtml(text.slice(at, start)) + '<mark>' + escapeHtml(text.slice(start, end)) + '</mark>';
    at = end;
  }
  return out + escapeHtml(text.slice(at, to));
}

/** The whole text, HTML-escaped, with matched words in `<mark>`; null when nothing matches. */
export function highlightText(h: Highlighter, text: string, language: AnalysisLanguage): string | null {
  const spans = markedSpans(h, text, language);
  return spans.length === 0 ? null : render(text, spans, 0, text.length);
}

/** How far into a text a snippet looks for its first match (a description of megabytes was read whole for each hit). */
export const SNIPPET_SCAN_CHARS = 20_000;

/**
 * A window of about `width` characters around the first match in the first SNIPPET_SCAN_CHARS characters,
 * cut at word boundaries, with ellipses; null when nothing matches there.
 */
export function snippet(h: Highlighter, text: string, language: AnalysisLanguage, width = 200): string | null {
  // Whole words only: the scan ends at the last space before the bound.
  const scanEnd = text.length <= SNIPPET_SCAN_CHARS ? text.length : Math.max(text.lastIndexOf(' ', SNIPPET_SCAN_CHARS), 0);
  const spans = markedSpans(h, scanEnd === text.length ? text : text.slice(0, scanEnd), language);
  if (spans.length === 0) return null;
  if (text.length <= width) return render(text, spans, 0, text.length);
  const first = spans[0]![0];
  let from = Math.max(0, first - Math.floor(width / 3));
  let to = Math.min(text.length, from + width);
  if (from > 0) {
    const space = text.indexOf(' ', from);
    if (space >= 0 && space < first) from = space + 1;
  }
  if (to < text.length) {
    const space = text.lastIndexOf(' ', to);
    if (space > first) to = space;
  }
  return (from > 0 ? '…' : '') + render(text, spans, from, to) + (to < text.length ? '…' : '');
}
