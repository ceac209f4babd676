/** A registered harvest source: where an agency publishes its metadata. */
export interface HarvestSource {
  /** Stable id (UUID v3 of kind + url + publisher), used in URLs and catalog records. */
  readonly id: string;
  /** http(s) URL; a local path only when harvested from the CLI. */
  readonly url: string;
  /** The source kind: the `kind` of a registered harvester (harvesters/registry.ts), e.g. `dcat-ap-no`. */
  readonly kind: string;
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
  /**
   * Read the OpenAPI descriptions data services name (`dcat:endpointDescription`) and add their
   * operations to the records; true when absent. False keeps the records as the agency's DCAT says.
   */
  readonly followEndpointDescriptions?: boolean;
  /** How often the scheduler harvests this source, in ms; HARVEST_INTERVAL when absent. */
  readonly intervalMs?: number;
  /**
   * False while the publisher has paused the source: the scheduler leaves it alone and harvests are
   * refused (a dry run still works). Absent means active.
   */
  readonly active?: boolean;
  /**
   * An authentication header for a protected source, sent only to the origin of the source's URL
   * (never on a redirect to, or a referenced document on, another origin). The value is kept sealed
   * (AES-256-GCM, SOURCE_SECRET_KEY) and never shown back: see `publicSource`.
   */
  readonly authentication?: { readonly header: string; readonly sealed: string };
  readonly createdAt: string;
}

/** A source as the API and the CLI show it: the authentication header's name, never its value. */
export type PublicSource = Omit<HarvestSource, 'authentication'> & { readonly active: boolean; readonly authentication?: { readonly header: string; readonly set: true } };

export function publicSource(source: HarvestSource): PublicSource {
  const { authentication, ...rest } = source;
  return { ...rest, active: source.active !== false, ...(authentication !== undefined ? { authentication: { header: authentication.header, set: true as const } } : {}) };
}

/** What the fetcher remembers between runs so an unchanged source costs one request. */
export interface SourceFetchState {
  readonly etag?: string;
  readonly lastModified?: string;
  /**
   * SHA-256 of the document's bytes and the settings its records depend on, at the last successful
   * harvest: the same digest again is treated as 304 Not Modified (for servers without validators).
   */
  readonly digest?: string;
  /**
   * On the entry document only: the reader's key of the whole payload it read (every page), with the
   * settings, at the last successful harvest: the same key again means the same graph in other bytes
   * (another order, other blank node labels), which makes the same records (`DocumentFetcher.samePayload`).
   */
  readonly payloadKey?: string;
  /**
   * On the entry document only: the last harvest read other bytes but found the same records (nothing
   * added, changed or removed), so the next one keys its payload (`payloadKey`; it costs a pass over the
   * payload, which a source whose content changes every time would pay for nothing).
   */
  readonly keyPayload?: boolean;
  /** The harvester's notes about the document (the Hydra next page, a content hash), handed back with a 304. */
  readonly memo?: Readonly<Record<string, string>>;
  /**
   * On the entry document only: the documents the harvester fetched while splitting (an OpenAPI
   * description a data service names). When the entry is unchanged they are checked, conditionally, too.
   */
  readonly references?: readonly string[];
  /** Written before `memo` existed: the next page (Hydra paging) this document linked to; read as `memo.next`. */
  readonly next?: string;
}
