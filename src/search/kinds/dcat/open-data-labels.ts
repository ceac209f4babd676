import type { LangMap } from '../../../core/lang-map.js';

/** Labels of the `openData` facet's values. */
export const OPEN_DATA_LABELS: Readonly<Record<'true' | 'false', LangMap>> = {
  true: { nb: 'Åpne data', nn: 'Opne data', en: 'Open data' },
  false: { nb: 'Ikke åpne data', nn: 'Ikkje opne data', en: 'Not open data' },
};
