/**
 * Reference data: concepts harvested from a plain SKOS concept scheme (source kind `skos`: EU
 * authority tables, LOS, EuroVoc extracts, code lists) rather than from an agency's concept catalog.
 * They are published like every concept, left out of the default concept search and lookup, and are
 * the labels the catalog shows for the codes records use.
 */
export const REFERENCE_DATA_SOURCE_KINDS: readonly string[] = Object.freeze(['skos']);

export function isReferenceDataSourceKind(kind: string): boolean {
  return REFERENCE_DATA_SOURCE_KINDS.includes(kind);
}
