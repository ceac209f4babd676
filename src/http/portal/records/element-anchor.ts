import { createHash } from 'node:crypto';
import type { ResourceKind } from '../../../core/resource-kind.js';
import type { PortalContext } from '../portal-context.js';
import { recordPath } from '../search/record-path.js';

/**
 * The fragment that names a part of a record on its page (a model element, a property, a code): the
 * same for an IRI wherever it is linked from, so `/information-models/{id}#el-…` leads to the element.
 */
export function elementAnchor(iri: string): string {
  return `el-${createHash('sha256').update(iri).digest('base64url').slice(0, 12)}`;
}

/**
 * The link to a part of a record's page from elsewhere: `?element=` has a long model's page open at the
 * page of its elements that holds the part, the fragment at its place.
 */
export function partHref(ctx: PortalContext, kind: ResourceKind, id: string, iri: string): string {
  return `${ctx.href(recordPath(kind, id), { element: iri })}#${elementAnchor(iri)}`;
}
