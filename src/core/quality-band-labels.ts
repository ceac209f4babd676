import type { LangMap } from './lang-map.js';
import type { QualityBand } from './quality-score.js';

/**
 * Labels of the `quality` facet's values: the MQA's rating bands as data.europa.eu and data.norge.no
 * name them (Excellent, Good, Sufficient, Poor), in Bokmål, Nynorsk and English.
 */
export const QUALITY_BAND_LABELS: Readonly<Record<QualityBand, LangMap>> = {
  excellent: { nb: 'Utmerket', nn: 'Utmerkt', en: 'Excellent' },
  good: { nb: 'God', nn: 'God', en: 'Good' },
  sufficient: { nb: 'Tilstrekkelig', nn: 'Tilstrekkeleg', en: 'Sufficient' },
  poor: { nb: 'Mangelfull', nn: 'Mangelfull', en: 'Poor' },
};
