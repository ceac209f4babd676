import type { PeriodState } from '../../core/ports/search-index.js';
import type { ResourceKind } from '../../core/resource-kind.js';
import type { LangMap } from '../../core/lang-map.js';

/** Labels of the `type` facet's values. */
export const TYPE_LABELS: Readonly<Record<ResourceKind, LangMap>> = {
  catalog: { nb: 'Kataloger', nn: 'Katalogar', en: 'Catalogs' },
  dataset: { nb: 'Datasett', nn: 'Datasett', en: 'Datasets' },
  'dataset-series': { nb: 'Datasettserier', nn: 'Datasettseriar', en: 'Dataset series' },
  'data-service': { nb: 'API-er', nn: 'API-ar', en: 'Data services (APIs)' },
  concept: { nb: 'Begreper', nn: 'Omgrep', en: 'Concepts' },
  collection: { nb: 'Begrepssamlinger', nn: 'Omgrepssamlingar', en: 'Concept collections' },
  'information-model': { nb: 'Informasjonsmodeller', nn: 'Informasjonsmodellar', en: 'Information models' },
};

/** Labels of the `modified` facet's date ranges. */
export const MODIFIED_LABELS: Readonly<Record<string, LangMap>> = {
  last7days: { nb: 'Siste 7 dager', nn: 'Siste 7 dagar', en: 'Last 7 days' },
  last30days: { nb: 'Siste 30 dager', nn: 'Siste 30 dagar', en: 'Last 30 days' },
  last365days: { nb: 'Siste 12 måneder', nn: 'Siste 12 månader', en: 'Last 12 months' },
  older: { nb: 'Eldre enn 12 måneder', nn: 'Eldre enn 12 månader', en: 'Older than 12 months' },
};

/** Labels of the `validity` facet's states (PERIOD_STATES). */
export const PERIOD_LABELS: Readonly<Record<PeriodState, LangMap>> = {
  current: { nb: 'Gjeldende', nn: 'Gjeldande', en: 'Current' },
  expired: { nb: 'Utløpt', nn: 'Utgått', en: 'Expired' },
  future: { nb: 'Fremtidig', nn: 'Framtidig', en: 'Future' },
};
