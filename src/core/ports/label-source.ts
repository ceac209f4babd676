import type { LangMap } from '../lang-map.js';

/**
 * A source of labels of vocabulary terms (themes, file types, licences, LOS, organisations, access
 * rights, frequencies, …) by term IRI, in nb, nn and en (`no` for untagged Norwegian). Adapters: the
 * bundled vocab/ files (src/vocabulary); harvested SKOS concept schemes next (issue 8).
 */
export interface LabelSource {
  /** Names the source (`bundled`, `harvested:<source id>`); a source given again under its name replaces it. */
  readonly name: string;
  /** Every term the source labels, with its labels. */
  entries(): Iterable<readonly [string, LangMap]>;
}
