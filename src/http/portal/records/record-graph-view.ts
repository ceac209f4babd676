import { Parser, type Quad } from 'n3';
import type { PortalLanguage } from '../i18n/portal-language.js';

/** A literal in the page: its text and its language tag ('' for none). */
export interface ShownText {
  readonly text: string;
  readonly lang: string;
}

/** Fallback order of language tags per page language: the other written Norwegian before English, then anything. */
const FALLBACK: Readonly<Record<PortalLanguage, readonly string[]>> = {
  nb: ['nb', 'no', 'nn', 'en', ''],
  nn: ['nn', 'no', 'nb', 'en', ''],
  en: ['en', 'nb', 'no', 'nn', ''],
};

const primaryTag = (tag: string): string => tag.toLowerCase().split('-')[0] ?? '';

/** Where a language tag comes in the page language's fallback order (lower first; tags outside it last). */
export function languageRank(tag: string, lang: PortalLanguage): number {
  const i = FALLBACK[lang].indexOf(primaryTag(tag));
  return i < 0 ? FALLBACK[lang].length : i;
}

/**
 * A record's graph read for display: objects by subject and predicate, literals picked in the page
 * language with fallback nb → nn → en → any (per the page language), IRIs as they are.
 */
export class RecordGraphView {
  readonly #bySubject = new Map<string, Map<string, Quad['object'][]>>();
  readonly #literals = new Map<string, readonly ShownText[]>();
  readonly #texts = new Map<string, ShownText | undefined>();
  /** The graph's triples, as parsed (for the readers in src/rdf that take quads). */
  readonly quads: readonly Quad[];

  constructor(ntriples: string) {
    this.quads = new Parser({ format: 'N-Triples' }).parse(ntriples);
    for (const quad of this.quads) {
      let byPredicate = this.#bySubject.get(quad.subject.value);
      if (byPredicate === undefined) {
        byPredicate = new Map();
        this.#bySubject.set(quad.subject.value, byPredicate);
      }
      const list = byPredicate.get(quad.predicate.value);
      if (list === undefined) byPredicate.set(quad.predicate.value, [quad.object]);
      else list.push(quad.object);
    }
  }

  /** Predicates of a subject, in the graph's order. */
  predicates(subject: string): string[] {
    return [...(this.#bySubject.get(subject)?.keys() ?? [])];
  }

  objects(subject: string, predicate: string): readonly Quad['object'][] {
    return this.#bySubject.get(subject)?.get(predicate) ?? [];
  }

  iris(subject: string, predicate: string): string[] {
    return this.objects(subject, predicate)
      .filter((o) => o.termType === 'NamedNode')
      .map((o) => o.value);
  }

  /** Every literal of a predicate (all languages); read once per subject and predicate, and not to be changed. */
  literals(subject: string, predicate: string): readonly ShownText[] {
    const key = `${subject}\u0000${predicate}`;
    let found = this.#literals.get(key);
    if (found === undefined) {
      found = this.objects(subject, predicate)
        .filter((o) => o.termType === 'Literal')
        .map((o) => ({ text: o.value, lang: o.termType === 'Literal' ? o.language : '' }));
      this.#literals.set(key, found);
    }
    return found;
  }

  /**
   * One text in the page language, with fallback; the first of several predicates that has one. Each
   * answer is kept: a page names a shared node (a format, a publisher) once per reference, and a record
   * whose 5 000 distributions share a format of 5 000 titles took 19.5 s to render looking them up anew.
   */
  text(subject: string, predicates: readonly string[], lang: PortalLanguage): ShownText | undefined {
    const key = `${subject}\u0000${predicates.join('\u0001')}\u0000${lang}`;
    if (this.#texts.has(key)) return this.#texts.get(key);
    const found = this.#text(subject, predicates, lang);
    this.#texts.set(key, found);
    return found;
  }

  #text(subject: string, predicates: readonly string[], lang: PortalLanguage): ShownText | undefined {
    for (const predicate of predicates) {
      const all = this.literals(subject, predicate);
      if (all.length === 0) continue;
      for (const tag of FALLBACK[lang]) {
        const hit = all.find((l) => primaryTag(l.lang) === tag);
        if (hit !== undefined) return hit;
      }
      return all[0];
    }
    return undefined;
  }

  /** Texts of a predicate in the page language (keywords): those in the best language that has any. */
  texts(subject: string, predicate: string, lang: PortalLanguage): readonly ShownText[] {
    const all = this.literals(subject, predicate);
    for (const tag of FALLBACK[lang]) {
      const some = all.filter((l) => primaryTag(l.lang) === tag);
      if (some.length > 0) return some;
    }
    return all;
  }

  /** Any value as text: a literal's text or an IRI. */
  values(subject: string, predicate: string): string[] {
    return this.objects(subject, predicate).map((o) => o.value);
  }

  /** Whether a subject has any triple in this graph (a node described here, not only referred to). */
  describes(subject: string): boolean {
    return this.#bySubject.has(subject);
  }
}
