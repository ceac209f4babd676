import { PREFIXES } from '../../../rdf/namespaces.js';
import type { Messages } from '../i18n/messages.js';

const BY_LENGTH = Object.entries(PREFIXES).sort((a, b) => b[1].length - a[1].length);

/** `http://purl.org/dc/terms/title` → `dct:title`; the IRI itself when no known prefix fits. */
export function prefixedName(iri: string): string {
  for (const [prefix, base] of BY_LENGTH) if (iri.startsWith(base) && iri.length > base.length) return `${prefix}:${iri.slice(base.length)}`;
  return iri;
}

/** A property named in words in the page language, with its prefixed name: «tittel (dct:title)». */
export function propertyInWords(t: Messages, iri: string): string {
  const name = prefixedName(iri);
  const words = t.properties[name];
  return words === undefined ? name : `${words} (${name})`;
}
