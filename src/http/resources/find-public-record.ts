import type { StoredRecord } from '../../core/catalog-record.js';
import { GoneError, NotFoundError } from '../../core/errors.js';
import type { Store } from '../../core/ports/store.js';
import { pathSegmentOf } from '../../core/resource-kind.js';
import { recordUri } from '../../rdf/catalog-record.js';
import { excerpt } from '../echo.js';

/** Catalog ids are UUIDs; anything else cannot name a record (and never reaches the store). */
const RECORD_ID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/**
 * The record behind a record URI `{base}/{segment}/{id}`, or the typed error that says why there is
 * none to show: 404 for an unknown id or one under another kind's segment, 410 Gone for a removed
 * record, 404 for a quarantined one (unless `forValidation`: its report stays readable).
 */
export async function findPublicRecord(store: Store, baseUrl: string, segment: string, id: string, forValidation: boolean): Promise<StoredRecord> {
  const asked = `${baseUrl}/${segment}/${excerpt(id)}`;
  const record = RECORD_ID.test(id) ? await store.getRecord(id.toLowerCase()) : undefined;
  if (record === undefined) throw new NotFoundError(`There is no record ${asked}.`);
  const uri = recordUri(baseUrl, record.kind, record.id);
  if (pathSegmentOf(record.kind) !== segment) {
    throw new NotFoundError(`There is no record ${asked}: ${id} is a ${record.kind}, its record URI is ${uri}.`, { recordUri: uri });
  }
  if (record.status === 'removed') {
    const when = record.removedAt ?? record.modified;
    throw new GoneError(`The record ${uri} was removed on ${when}: the resource ${record.iri} is no longer published by its source.`, {
      recordUri: uri,
      iri: record.iri,
      removedAt: when,
    });
  }
  if (record.status === 'quarantined' && !forValidation) {
    throw new NotFoundError(`The record ${uri} is not published: it is held back (quarantined) because it violates the validation rules. Its report is at ${uri}/validation.`, {
      recordUri: uri,
      status: 'quarantined',
      validation: `${uri}/validation`,
    });
  }
  return record;
}
