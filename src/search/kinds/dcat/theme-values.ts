import { langMapOf } from '../../../core/lang-map.js';
import { DATA_THEME_BASE, DCAT, DCT, SKOS } from '../../../rdf/namespaces.js';
import type { RecordGraph } from '../../../rdf/record-graph.js';
import type { DocumentLabels } from '../../document/document-labels.js';
import { pathPrefixes } from '../../document/graph-values.js';
import type { SearchVocabulary } from '../../vocabulary/search-vocabulary.js';

/** A resource's themes: EU data-theme codes, LOS paths (for hits) and every LOS ancestor path (for the facet). */
export interface ThemeValues {
  readonly themes: string[];
  readonly losThemes: string[];
  readonly losFacet: string[];
}

/**
 * Reads `dcat:theme` the way DCAT-AP-NO and ModellDCAT-AP-NO use it: EU data themes by code, LOS
 * themes by path with every ancestor path, each value labelled from the vocabularies.
 */
export function themeValues(graph: RecordGraph, s: string, vocab: SearchVocabulary, labels: DocumentLabels): ThemeValues {
  const themes = new Set<string>();
  const losThemes = new Set<string>();
  const losFacet = new Set<string>();
  for (const theme of graph.iris(s, DCAT.theme)) {
    if (theme.startsWith(DATA_THEME_BASE)) {
      const code = vocab.codeOf(theme);
      themes.add(code);
      labels.add('theme', code, vocab.label(theme));
    } else if (vocab.isLos(theme)) {
      const path = vocab.losPathOf(theme);
      losThemes.add(path);
      for (const p of pathPrefixes(path)) losFacet.add(p);
      labels.add('losTheme', path, vocab.label(theme) ?? langMapOf(graph.literals(theme, SKOS.prefLabel)));
    }
  }
  for (const p of losFacet) if (!labels.has('losTheme', p)) {
    const label = vocab.labelOfKey('losTheme', p);
    if (label) labels.setIfAbsent('losTheme', p, label);
  }
  return { themes: [...themes], losThemes: [...losThemes], losFacet: [...losFacet] };
}

/** The licence keys of `dct:license` on the carriers (EU code, or the IRI when unknown), labelled; `open` when one is an open licence. */
export function licenceValues(graph: RecordGraph, carriers: readonly string[], vocab: SearchVocabulary, labels: DocumentLabels): { keys: string[]; open: boolean } {
  const keys = new Set<string>();
  let open = false;
  for (const carrier of carriers) {
    for (const licence of graph.iris(carrier, DCT.license)) {
      const key = vocab.licenceKey(licence);
      keys.add(key);
      labels.add('licence', key, vocab.label(vocab.canonicalLicence(licence)) ?? vocab.label(licence), false);
      if (vocab.isOpenLicence(licence)) open = true;
    }
  }
  return { keys: [...keys], open };
}
