import { createHash } from 'node:crypto';

/**
 * The fragment that names a part of a record on its page (a model element, a property, a code): the
 * same for an IRI wherever it is linked from, so `/information-models/{id}#el-…` leads to the element.
 */
export function elementAnchor(iri: string): string {
  return `el-${createHash('sha256').update(iri).digest('base64url').slice(0, 12)}`;
}
