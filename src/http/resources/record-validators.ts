import { contentEtag } from '../conditional-get.js';
import type { StoredRecord } from '../../core/catalog-record.js';

/**
 * HTTP validators of a record representation. The ETag is strong and differs per representation: it
 * hashes the record's graph hash, its last change, everything else its catalog record shows (status,
 * catalog, source, validation outcome) and the variant (media type). `Last-Modified` is the record's
 * `dct:modified`.
 */
export function recordEtag(record: StoredRecord, variant: string): string {
  const v = record.validation;
  const basis = [
    record.hash,
    record.modified,
    record.status,
    record.catalogId ?? '',
    record.sourceId,
    v === null ? '' : `${v.profile}:${v.conforms}:${v.counts.violation}:${v.counts.warning}:${v.counts.info}:${v.results.length}`,
    variant,
  ].join('|');
  return contentEtag(basis);
}

/** `dct:modified` as an HTTP date; undefined when the stored value is not a date. */
export function recordLastModified(record: StoredRecord): string | undefined {
  const t = Date.parse(record.modified);
  return Number.isNaN(t) ? undefined : new Date(t).toUTCString();
}
