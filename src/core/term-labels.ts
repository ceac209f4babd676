import { createHash } from 'node:crypto';
import { pickText, type LangMap, type LangSlot } from './lang-map.js';
import type { LabelSource } from './ports/label-source.js';
import type { SearchLanguage } from './ports/search-index.js';

/**
 * The labels of vocabulary terms, from sources in layers: the first source is the fallback (the
 * bundled vocab/), sources used later win over earlier ones language by language (a harvested
 * concept scheme's nb label replaces the bundled nb label; the bundled en label stays when the
 * harvested scheme has none). Validation, search and the record views all read this one object.
 */
export class TermLabels {
  readonly #sources: LabelSource[] = [];
  readonly #hashes = new Map<string, string>();
  #merged = new Map<string, LangMap>();
  #fingerprint = '';

  constructor(sources: readonly LabelSource[] = []) {
    for (const s of sources) this.#put(s);
    this.#rebuild();
  }

  /**
   * A copy of another TermLabels' current labels (its `entries()` and `fingerprint`): what a worker
   * thread reads, with the same fingerprint as the original.
   */
  static snapshot(entries: Iterable<readonly [string, LangMap]>, fingerprint: string): TermLabels {
    const list = [...entries];
    const copy = new TermLabels([{ name: 'snapshot', entries: () => list }]);
    copy.#fingerprint = fingerprint;
    return copy;
  }

  /** Adds a source that wins over those before it, or replaces the source of the same name (in its place). */
  use(source: LabelSource): void {
    this.#put(source);
    this.#rebuild();
  }

  /** Drops a source by name; false when there is none. */
  remove(name: string): boolean {
    const at = this.#sources.findIndex((s) => s.name === name);
    if (at < 0) return false;
    this.#sources.splice(at, 1);
    this.#hashes.delete(name);
    this.#rebuild();
    return true;
  }

  /** The names of the sources, fallback first. */
  get sources(): string[] {
    return this.#sources.map((s) => s.name);
  }

  /** The labels of a term, when a source has any. The object is shared: do not change it. */
  label(iri: string): LangMap | undefined {
    return this.#merged.get(iri);
  }

  /** A term's label in a language, with the usual fallback (nb → no → nn → en …). */
  pick(iri: string, lang: SearchLanguage): string | null {
    return pickText(this.#merged.get(iri), lang);
  }

  /** Every labelled term with its merged labels. */
  entries(): IterableIterator<[string, LangMap]> {
    return this.#merged.entries();
  }

  get size(): number {
    return this.#merged.size;
  }

  /** Changes whenever any label changes: what was built from the labels is rebuilt. */
  get fingerprint(): string {
    return this.#fingerprint;
  }

  #put(source: LabelSource): void {
    const entries = [...source.entries()].map(([iri, label]) => [iri, label] as const);
    const hash = createHash('sha1').update(JSON.stringify(entries.slice().sort((a, b) => (a[0] < b[0] ? -1 : a[0] > b[0] ? 1 : 0)))).digest('hex');
    const frozen: LabelSource = { name: source.name, entries: () => entries };
    const at = this.#sources.findIndex((s) => s.name === source.name);
    if (at >= 0) this.#sources[at] = frozen;
    else this.#sources.push(frozen);
    this.#hashes.set(source.name, hash);
  }

  #rebuild(): void {
    const merged = new Map<string, LangMap>();
    for (const source of this.#sources) {
      for (const [iri, label] of source.entries()) {
        const known = merged.get(iri);
        if (known === undefined) {
          merged.set(iri, label);
          continue;
        }
        const next: LangMap = { ...known };
        for (const [slot, text] of Object.entries(label) as [LangSlot, string | undefined][]) if (text !== undefined && text !== '') next[slot] = text;
        merged.set(iri, next);
      }
    }
    this.#merged = merged;
    this.#fingerprint = createHash('sha1').update(this.#sources.map((s) => `${s.name}\u0000${this.#hashes.get(s.name)}`).join('\n')).digest('hex');
  }
}
