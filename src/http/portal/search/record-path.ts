import { pathSegmentOf, type ResourceKind } from '../../../core/resource-kind.js';

/** The site path of a record (`/datasets/{id}`): the record URI itself, relative to this origin. */
export function recordPath(kind: ResourceKind, id: string): string {
  return `/${pathSegmentOf(kind)}/${id}`;
}
