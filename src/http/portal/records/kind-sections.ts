import type { ResourceKind } from '../../../core/resource-kind.js';
import { CatalogSection } from './kinds/catalog-section.js';
import { CollectionSection } from './kinds/collection-section.js';
import { ConceptSection, conceptTitle } from './kinds/concept-section.js';
import { InformationModelSection } from './kinds/information-model-section.js';
import { DataServiceSection } from './kinds/data-service-section.js';
import { DatasetSection } from './kinds/dataset-section.js';
import { PropertyListSection } from './kinds/property-list-section.js';
import type { ShownText } from './record-graph-view.js';
import type { KindSection, RecordView } from './record-view.js';
import type { PortalLanguage } from '../i18n/portal-language.js';

/**
 * The page part of each kind of record, one file per kind in kinds/. A kind without its own part
 * (yet) shows every property of the resource. Adding a kind's page: a file in kinds/ and a line here.
 */
const SECTIONS: Readonly<Partial<Record<ResourceKind, KindSection>>> = {
  dataset: DatasetSection,
  'dataset-series': DatasetSection,
  'data-service': DataServiceSection,
  catalog: CatalogSection,
  concept: ConceptSection,
  collection: CollectionSection,
  'information-model': InformationModelSection,
};

/** Kinds whose own part shows what the page would otherwise show under the title (a concept's definitions). */
const DESCRIBED_BY_SECTION: ReadonlySet<ResourceKind> = new Set(['concept']);

export function kindSectionOf(kind: ResourceKind): KindSection {
  return SECTIONS[kind] ?? PropertyListSection;
}

/** Whether the page shows the resource's description under its title (not when the kind's part shows it). */
export function showsDescription(kind: ResourceKind): boolean {
  return !DESCRIBED_BY_SECTION.has(kind);
}

/** Where a kind's title comes from when its title predicates give none (a concept named only by SKOS-XL terms). */
const TITLE_FALLBACKS: Readonly<Partial<Record<ResourceKind, (view: RecordView, lang: PortalLanguage) => ShownText | undefined>>> = {
  concept: conceptTitle,
};

export function fallbackTitle(view: RecordView, lang: PortalLanguage): ShownText | undefined {
  return TITLE_FALLBACKS[view.record.kind]?.(view, lang);
}
