import { TermLabels } from '../../src/core/term-labels.js';
import { searchVocabularyOf, type SearchVocabulary } from '../../src/search/vocabulary/search-vocabulary.js';
import { loadBundledVocabularies } from '../../src/vocabulary/bundled-vocabularies.js';

/** The search vocabulary of a vocab/ folder, wired as src/main.ts does: bundled labels in a TermLabels of its own. */
export function loadSearchVocabulary(dir: string): SearchVocabulary {
  const vocabularies = loadBundledVocabularies(dir);
  return searchVocabularyOf(vocabularies, new TermLabels([vocabularies.labels]));
}
