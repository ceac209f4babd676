import type { RecordGraph } from '../../rdf/record-graph.js';
import type { TaggedText } from './search-document.js';

/** The non-blank literals of a predicate as texts (trimmed), in the graph's order. */
export function texts(graph: RecordGraph, subject: string, predicate: string): TaggedText[] {
  return graph.literals(subject, predicate).filter((l) => l.value.trim() !== '').map((l) => ({ text: l.value.trim(), language: l.language }));
}

/** ISO 8601 of an xsd:date or xsd:dateTime literal; null when it is not a date. */
export function isoDate(value: string | null): string | null {
  if (value === null) return null;
  const v = value.trim();
  if (!/^\d{4}-\d{2}-\d{2}/.test(v)) return null;
  const ms = Date.parse(/^\d{4}-\d{2}-\d{2}$/.test(v) ? `${v}T00:00:00Z` : v);
  return Number.isNaN(ms) ? null : new Date(ms).toISOString();
}

/** Every ancestor path of a path, itself included: `/A/B/C` → `/A`, `/A/B`, `/A/B/C`; `a/b` → `a`, `a/b`. */
export function pathPrefixes(path: string): string[] {
  const leading = path.startsWith('/');
  const parts = path.split('/').filter((p) => p !== '');
  const out: string[] = [];
  for (let i = 1; i <= parts.length; i++) out.push((leading ? '/' : '') + parts.slice(0, i).join('/'));
  return out;
}
