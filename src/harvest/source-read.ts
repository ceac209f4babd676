import path from 'node:path';
import type { HarvestProgress } from '../core/harvest-progress.js';
import type { HarvestSource } from '../core/harvest-source.js';
import { DocumentReadError, type Harvester, type SplitResult } from '../core/ports/harvester.js';
import type { SecretBox } from '../core/ports/secret-box.js';
import type { Store } from '../core/ports/store.js';
import type { FetchHooks, FetchPolicy } from './fetch/fetcher.js';
import { SourceDocuments, type SourceDocumentsDeps, type SourceLocation } from './source-documents.js';

/** What reading a source for a harvest (or a dry run) needs. */
export interface SourceReadDeps {
  readonly store: Store;
  readonly policy: FetchPolicy;
  /** The policy for one source, when it differs from `policy` (the demo's own loopback files). */
  readonly policyFor?: (source: HarvestSource) => FetchPolicy;
  /** Test hooks of the fetcher (name resolution, extra CAs). */
  readonly fetchHooks?: FetchHooks;
  /** Documents one harvest of a source may fetch: pages and referenced documents (HARVEST_MAX_PAGES). */
  readonly maxPages: number;
  readonly baseUrl: string;
  /** VALIDATION_PROFILE: used for the record kinds it applies to, unless the source chose another. */
  readonly defaultProfile: string;
  /** Seals and opens protected sources' authentication headers (SOURCE_SECRET_KEY); without it, such headers are refused. */
  readonly secrets?: SecretBox;
}

export interface SourceReadOptions {
  /** Read a local file instead of the source URL (the CLI only). */
  readonly localPath?: string;
  readonly signal?: AbortSignal;
  /** Told how far the run is: each document fetched, then each record taken from the split source (the CLI's progress display). */
  readonly onProgress?: (progress: HarvestProgress) => void;
}

/** Where the source's entry document is read from: its URL, or (the CLI) a local file. */
export function locationOf(source: HarvestSource, options: SourceReadOptions): SourceLocation {
  return options.localPath !== undefined ? { kind: 'file', path: options.localPath } : { kind: 'url', url: source.url };
}

/** How one harvest of the source fetches: its policy, Accept, caps, remembered validators and authentication header. */
export function documentDepsOf(source: HarvestSource, harvester: Harvester, deps: SourceReadDeps, options: SourceReadOptions): SourceDocumentsDeps {
  const base = deps.policyFor?.(source) ?? deps.policy;
  const policy: FetchPolicy = source.timeoutMs !== undefined ? { ...base, totalTimeoutMs: source.timeoutMs } : base;
  return {
    policy,
    accept: source.accept ?? harvester.accept,
    maxDocuments: deps.maxPages,
    // Everything besides the bytes that the records depend on (see SourceDocumentsDeps.fingerprint).
    fingerprint: JSON.stringify([source.kind, source.url, source.publisher, source.profile ?? deps.defaultProfile, source.quarantineInvalid, deps.baseUrl]),
    getFetchState: (url) => deps.store.getFetchState(source.id, url),
    ...(deps.fetchHooks ? { hooks: deps.fetchHooks } : {}),
    ...(options.signal ? { signal: options.signal } : {}),
    ...(options.onProgress !== undefined ? { onDocument: (documents: number) => options.onProgress!({ phase: 'reading', documents, processed: 0, records: 0 }) } : {}),
    ...(source.authentication !== undefined && options.localPath === undefined ? { credentials: credentialsOf(source, deps.secrets) } : {}),
  };
}

/** The source's authentication header, opened: a run that cannot open it fails naming the cause (nothing is lost). */
function credentialsOf(source: HarvestSource, secrets: SecretBox | undefined): { origin: string; header: string; value: string } {
  const auth = source.authentication!;
  if (secrets === undefined) {
    throw new DocumentReadError('fetch', source.url, `The source has an authentication header (${auth.header}), but SOURCE_SECRET_KEY is not set, so it cannot be opened. Set the key it was stored with.`);
  }
  let value: string;
  try {
    value = secrets.open(auth.sealed, source.id);
  } catch {
    throw new DocumentReadError('fetch', source.url, `The source's authentication header (${auth.header}) cannot be opened with SOURCE_SECRET_KEY: it was stored with another key. Set the old key, or set the header again.`);
  }
  return { origin: new URL(source.url).origin, header: auth.header, value };
}

export type ReadAndSplit =
  | { readonly kind: 'not-modified'; readonly documents: number; readonly fetched?: SourceDocuments }
  | { readonly kind: 'split'; readonly split: SplitResult; readonly documents: number; readonly notes: readonly string[]; readonly fetched: SourceDocuments };

/**
 * Reads the source with its harvester's reader and splits the payload. The payload stays in here: once
 * split, only the records live on (a parsed graph is the largest thing a harvest holds).
 */
export async function readAndSplit(
  harvester: Harvester,
  source: HarvestSource,
  location: SourceLocation,
  documentDeps: SourceDocumentsDeps,
  baseUrl: string,
  signal: AbortSignal | undefined,
): Promise<ReadAndSplit> {
  let documents = new SourceDocuments(location, documentDeps);
  let read = await harvester.reader.read(documents, signal);
  if (read.kind === 'not-modified' && (await documents.referencesChanged())) {
    // The source is unchanged but a document it references is not: read everything again, in full.
    documents = new SourceDocuments(location, { ...documentDeps, unconditional: true });
    read = await harvester.reader.read(documents, signal);
  }
  if (read.kind === 'not-modified') return documents.payloadMatched ? { ...read, fetched: documents } : read;
  documents.startSplit();
  const split = await harvester.split(read.payload, {
    sourceId: source.id,
    sourceName: sourceNameOf(source),
    publisher: source.publisher,
    baseUrl,
    documents,
    ...(source.followEndpointDescriptions === false ? { followEndpointDescriptions: false } : {}),
    ...(signal ? { signal } : {}),
  });
  return { kind: 'split', split, documents: read.documents, notes: read.notes, fetched: documents };
}

/** The source's name in what the catalog generates for it (SplitContext.sourceName). */
export function sourceNameOf(source: Pick<HarvestSource, 'name' | 'url'>): string {
  if (source.name !== undefined && source.name.trim() !== '') return source.name;
  return /^https?:\/\//i.test(source.url) ? source.url : path.basename(source.url);
}
