import type { ResourceKind } from '../core/resource-kind.js';
import type { RecordGraph } from '../rdf/record-graph.js';
import { modelPartTitleLiterals, titleLiterals, type TextLiteral } from '../rdf/resource-title.js';

/** A title per language tag (lower case; `''` for text without a language). */
export type Titles = Readonly<Record<string, string>>;

function titlesOfLiterals(literals: readonly TextLiteral[]): Titles {
  const out: Record<string, string> = {};
  for (const l of literals) {
    const language = l.language.toLowerCase();
    if (out[language] === undefined) out[language] = l.value.trim();
  }
  return out;
}

/** The titles of a record's resource, read as every view reads a title of its kind (src/rdf/resource-title.ts). */
export function resourceTitlesOf(graph: RecordGraph, subject: string, kind: ResourceKind): Titles {
  return titlesOfLiterals(titleLiterals(kind, (p) => graph.literals(subject, p)));
}

/** The titles of a part of an information model (a model element or property; src/rdf/resource-title.ts). */
export function partTitlesOf(graph: RecordGraph, part: string): Titles {
  return titlesOfLiterals(modelPartTitleLiterals((p) => graph.literals(part, p)));
}

/** Fallback order per requested language: the other Norwegian written standard before English. */
const FALLBACK: Readonly<Record<string, readonly string[]>> = {
  nb: ['nb', 'no', '', 'nn', 'en'],
  nn: ['nn', 'no', '', 'nb', 'en'],
  en: ['en', 'nb', 'no', '', 'nn'],
};

/** The title in the requested language, else the nearest one, else any; null for a subject without a title. */
export function pickTitle(titles: Titles, lang: string): string | null {
  return pickTitleWithLanguage(titles, lang)?.text ?? null;
}

/** pickTitle, with the language tag of the title it picked ('' for a title without one). */
export function pickTitleWithLanguage(titles: Titles, lang: string): { readonly text: string; readonly lang: string } | null {
  for (const tag of FALLBACK[lang] ?? [lang]) {
    const text = titles[tag];
    if (text !== undefined) return { text, lang: tag };
  }
  const first = Object.keys(titles).sort()[0];
  return first === undefined ? null : { text: titles[first]!, lang: first };
}
