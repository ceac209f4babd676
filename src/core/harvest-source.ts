import type { SourceKind } from './resource-kind.js';

/** A registered harvest source: where an agency publishes its metadata. */
export interface HarvestSource {
  /** Stable id (UUID v3 of kind + url + publisher), used in URLs and catalog records. */
  readonly id: string;
  /** http(s) URL; a local path only when harvested from the CLI. */
  readonly url: string;
  readonly kind: SourceKind;
  /** Norwegian organisation number of the publisher (9 digits, mod-11 checked). */
  readonly publisher: string;
  /** A name people recognise ("Kartverket — datasett"); the URL when not given. */
  readonly name?: string;
  /** Accept header to send; the harvester's default when absent. */
  readonly accept?: string;
  /** Records with SHACL violations are kept out of publication (quarantined) instead of published with their report. */
  readonly quarantineInvalid: boolean;
  /** Total time limit per fetched document in ms; the configured default when absent. */
  readonly timeoutMs?: number;
  /** Validation profile id (see shapes/README.md); the configured default when absent. */
  readonly profile?: string;
  readonly createdAt: string;
}

/** What the fetcher remembers between runs so an unchanged source costs one request. */
export interface SourceFetchState {
  readonly etag?: string;
  readonly lastModified?: string;
  /** The next page (Hydra paging) this document linked to when it was last read, so a 304 page still leads on. */
  readonly next?: string;
}
