import { pick } from '../../core/lang-map.js';
import type { SearchLanguage } from '../../core/ports/search-index.js';
import type { TermLabels } from '../../core/term-labels.js';

/**
 * Labels of vocabulary terms (themes, LOS, file types, licences, access rights, organisations) for the
 * portal's record pages, from the catalog's one TermLabels: a label in the asked language with the
 * search's fallback, and the language tag of the text given (`no` for generic Norwegian, '' unknown).
 */
export function termLabelsOf(labels: TermLabels): (iri: string, lang: SearchLanguage) => { text: string; lang: string } | undefined {
  return (iri, lang) => {
    const chosen = pick(labels.label(iri), lang);
    if (chosen === null) return undefined;
    return { text: chosen.text, lang: chosen.slot === 'other' ? '' : chosen.slot };
  };
}
