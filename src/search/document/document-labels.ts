import { isEmptyLangMap, type LangMap } from '../../core/lang-map.js';
import { labelKey, type TaggedText } from './search-document.js';
import { excessUrlBytes } from '../../core/url-length.js';
import { hashableKey } from '../../core/hashable-key.js';

/** A label's searchable texts with their language tags, or null when the label is empty. */
type LabelTexts = readonly TaggedText[] | null;

/**
 * The texts of a label object, read once per object: vocabulary labels are shared objects that
 * thousands of documents add (a theme's, a format's, a publisher's), and reading their entries again
 * for each one was a measurable share of a rebuild.
 */
const textsByLabel = new WeakMap<LangMap, LabelTexts>();

function labelTexts(label: LangMap): LabelTexts {
  let texts = textsByLabel.get(label);
  if (texts === undefined) {
    texts = isEmptyLangMap(label) ? null : Object.entries(label).filter(([, text]) => text).map(([slot, text]) => ({ text: text as string, language: slot === 'no' || slot === 'other' ? '' : slot }));
    textsByLabel.set(label, texts);
  }
  return texts;
}

/**
 * The labels of a document's facet values, and its related texts (publisher names, catalog titles,
 * theme, format and place labels: found by search, weighted lowest), collected while the shared part
 * and the kind's mapper read the record. The first label of a value wins; a related text is kept once.
 */
export class DocumentLabels {
  readonly labels = new Map<string, LangMap>();
  readonly related: TaggedText[] = [];
  readonly #relatedSeen = new Set<string>();

  addRelated(text: string, language: string): void {
    const key = hashableKey(text);
    if (this.#relatedSeen.has(key)) return;
    this.#relatedSeen.add(key);
    this.related.push({ text, language });
  }

  /**
   * Records a facet value's label (unless one is known); a searchable label's texts are related texts too. No label
   * is kept for a key longer than a URL may be: such a value is never a facet value (build-search-document.ts).
   */
  add(facet: string, key: string, label: LangMap | undefined, searchable = true): void {
    if (label === undefined) return;
    const texts = labelTexts(label);
    if (texts === null) return;
    if (excessUrlBytes(key) === undefined) this.setIfAbsent(facet, key, label);
    if (searchable) for (const t of texts) this.addRelated(t.text, t.language);
  }

  /** Sets a label (even an empty one) unless one is known; not searchable. */
  setIfAbsent(facet: string, key: string, label: LangMap): void {
    if (excessUrlBytes(key) !== undefined) return;
    const k = labelKey(facet, key);
    if (!this.labels.has(k)) this.labels.set(k, label);
  }

  has(facet: string, key: string): boolean {
    return this.labels.has(labelKey(facet, key));
  }
}
