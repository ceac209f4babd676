import { isEmptyLangMap, type LangMap } from '../../core/lang-map.js';
import { labelKey, type TaggedText } from './search-document.js';

/**
 * The labels of a document's facet values, and its related texts (publisher names, catalog titles,
 * theme, format and place labels: found by search, weighted lowest), collected while the shared part
 * and the kind's mapper read the record. The first label of a value wins; a related text is kept once.
 */
export class DocumentLabels {
  readonly labels: Record<string, LangMap> = {};
  readonly related: TaggedText[] = [];
  readonly #relatedSeen = new Set<string>();

  addRelated(text: string, language: string): void {
    if (this.#relatedSeen.has(text)) return;
    this.#relatedSeen.add(text);
    this.related.push({ text, language });
  }

  /** Records a facet value's label (unless one is known); a searchable label's texts are related texts too. */
  add(facet: string, key: string, label: LangMap | undefined, searchable = true): void {
    if (label === undefined || isEmptyLangMap(label)) return;
    this.labels[labelKey(facet, key)] ??= label;
    if (searchable) for (const [slot, text] of Object.entries(label)) if (text) this.addRelated(text, slot === 'no' || slot === 'other' ? '' : slot);
  }

  /** Sets a label (even an empty one) unless one is known; not searchable. */
  setIfAbsent(facet: string, key: string, label: LangMap): void {
    this.labels[labelKey(facet, key)] ??= label;
  }

  has(facet: string, key: string): boolean {
    return this.labels[labelKey(facet, key)] !== undefined;
  }
}
