import type { ResourceKind } from '../../../core/resource-kind.js';
import { CatalogSection } from './kinds/catalog-section.js';
import { DataServiceSection } from './kinds/data-service-section.js';
import { DatasetSection } from './kinds/dataset-section.js';
import { PropertyListSection } from './kinds/property-list-section.js';
import type { KindSection } from './record-view.js';

/**
 * The page part of each kind of record, one file per kind in kinds/. A kind without its own part
 * (yet) shows every property of the resource. Adding a kind's page: a file in kinds/ and a line here.
 */
const SECTIONS: Readonly<Partial<Record<ResourceKind, KindSection>>> = {
  dataset: DatasetSection,
  'dataset-series': DatasetSection,
  'data-service': DataServiceSection,
  catalog: CatalogSection,
};

export function kindSectionOf(kind: ResourceKind): KindSection {
  return SECTIONS[kind] ?? PropertyListSection;
}
