import { createHash, type Hash } from 'node:crypto';
import type { SourceFetchState } from '../core/harvest-source.js';
import { DocumentReadError, type DocumentFetcher, type DocumentMemo, type DocumentRequest, type FetchedDocument } from '../core/ports/harvester.js';
import { fetchDocument, FetchError, type FetchHooks, type FetchPolicy } from './fetch/fetcher.js';
import { readLocalFile } from './fetch/local-file.js';

/** Where a source's entry document is read from: the network (with the SSRF guard) or, from the CLI only, a local file. */
export type SourceLocation = { readonly kind: 'url'; readonly url: string } | { readonly kind: 'file'; readonly path: string };

export interface SourceDocumentsDeps {
  readonly policy: FetchPolicy;
  /** The Accept header for requests that do not name one (the source's, or its harvester's). */
  readonly accept: string;
  /** Documents one harvest may fetch (HARVEST_MAX_PAGES): pages and referenced documents together. */
  readonly maxDocuments: number;
  /** What was remembered about a URL at the end of the last successful harvest. */
  readonly getFetchState: (url: string) => Promise<SourceFetchState | undefined>;
  /** Fetch every document in full, ignoring remembered validators (a referenced document changed). */
  readonly unconditional?: boolean;
  /** Nothing this harvest fetches will be remembered (a dry run): no payload key is made for the next one. */
  readonly dryRun?: boolean;
  /**
   * What else the records made of a document depend on (the harvester, the catalog's base URL, the
   * source's settings); part of each document's digest, so a change there makes the same bytes new.
   */
  readonly fingerprint?: string;
  readonly signal?: AbortSignal;
  /** Test hooks of the fetcher (name resolution, extra CAs). */
  readonly hooks?: FetchHooks;
  /** A protected source's authentication header, sent only to its origin (see FetchRequest.credentials). */
  readonly credentials?: { readonly origin: string; readonly header: string; readonly value: string };
  /** Told the number of distinct documents fetched, each time it grows (progress). */
  readonly onDocument?: (documents: number) => void;
}

/**
 * The pipeline's `DocumentFetcher` for one harvest of one source: every request goes through the
 * guarded fetcher under the source's policy; conditional requests send the validators remembered from
 * the last successful harvest; what each fetched document's validators and memo are now is collected
 * in `states()`, which the pipeline stores only once the run's records are committed.
 */
export class SourceDocuments implements DocumentFetcher {
  readonly entryUrl: string;
  readonly local: boolean;
  readonly #states = new Map<string, SourceFetchState>();
  readonly #fetched = new Set<string>();
  readonly #references = new Set<string>();
  #splitting = false;
  #payloadMatched = false;

  constructor(
    location: SourceLocation,
    private readonly deps: SourceDocumentsDeps,
  ) {
    this.entryUrl = location.kind === 'url' ? location.url : location.path;
    this.local = location.kind === 'file';
  }

  /** How many distinct documents were fetched. */
  get count(): number {
    return this.#fetched.size;
  }

  async fetch(request: DocumentRequest): Promise<FetchedDocument> {
    const url = request.url;
    if (this.local && url === this.entryUrl) {
      const body = await failAsRead(url, () => readLocalFile(url, this.deps.policy.maxBytes));
      this.#fetched.add(url);
      this.deps.onDocument?.(this.#fetched.size);
      const previous = request.conditional === false || this.deps.unconditional === true ? undefined : await this.deps.getFetchState(url);
      return this.#sameAsLastTime(url, { body, contentType: undefined, url }, request.contentKey, {}, previous) ?? { kind: 'document', url, finalUrl: url, body, contentType: undefined };
    }
    if (!/^https?:\/\//i.test(url)) {
      throw new DocumentReadError('fetch', url, `${url} is not an http or https URL: only the source's own entry file is ever read from disk.`);
    }
    if (!this.#fetched.has(url) && this.#fetched.size >= this.deps.maxDocuments) {
      throw new DocumentReadError('fetch', url, `The source has more than ${this.deps.maxDocuments} pages (HARVEST_MAX_PAGES); stopped at ${url}.`);
    }
    if (!this.#fetched.has(url)) {
      this.#fetched.add(url);
      this.deps.onDocument?.(this.#fetched.size);
    }
    if (this.#splitting && url !== this.entryUrl) this.#references.add(url);
    const stored = request.conditional === false ? undefined : await this.deps.getFetchState(url);
    const previous = this.deps.unconditional === true ? undefined : stored;
    const outcome = await failAsRead(url, () =>
      fetchDocument(
        {
          url,
          accept: request.accept ?? this.deps.accept,
          ...(previous?.etag !== undefined ? { etag: previous.etag } : {}),
          ...(previous?.lastModified !== undefined ? { lastModified: previous.lastModified } : {}),
          ...(this.deps.signal ? { signal: this.deps.signal } : {}),
          ...(this.deps.credentials !== undefined ? { credentials: this.deps.credentials } : {}),
        },
        this.deps.policy,
        this.deps.hooks,
      ),
    );
    if (outcome.kind === 'not-modified') {
      if (previous === undefined) throw new DocumentReadError('fetch', url, `${url} answered 304 Not Modified to a request that was not conditional.`);
      const memo = memoOf(previous);
      this.#states.set(url, { ...validatorsOf(previous), ...(Object.keys(memo).length > 0 ? { memo } : {}) });
      return { kind: 'not-modified', url, memo };
    }
    const same = this.#sameAsLastTime(url, { body: outcome.body, contentType: outcome.contentType, url: outcome.url }, request.contentKey, validatorsOf(outcome), previous);
    if (same !== undefined) return same;
    const previousMemo = stored !== undefined ? memoOf(stored) : {};
    return { kind: 'document', url, finalUrl: outcome.url, body: outcome.body, contentType: outcome.contentType, ...(Object.keys(previousMemo).length > 0 ? { previousMemo } : {}) };
  }

  /**
   * Records the document's digest with its validators, and answers as a 304 would when the digest is
   * the one remembered from the last successful harvest: the same bytes, read under the same settings,
   * make the same records, so a server that sends no ETag or Last-Modified (most agency servers do not)
   * costs one download and one hash, not a parse and a split. When the reader gives a content key
   * (`DocumentRequest.contentKey`), the key stands for the bytes: the same content in other bytes
   * (a comment changed) is the same document too. Not when the last harvest asked for the payload to be
   * keyed (`keyPayload`): such a source writes its catalog anew for every request, so its text is
   * rarely the same twice and the payload key is what recognises it; its bytes are hashed as they are
   * (a twentieth of the content key's cost on a 32 MB catalog: 20 against 150–200 ms).
   */
  #sameAsLastTime(
    url: string,
    document: { readonly body: Buffer; readonly contentType: string | undefined; readonly url: string },
    contentKey: DocumentRequest['contentKey'],
    validators: SourceFetchState,
    previous: SourceFetchState | undefined,
  ): FetchedDocument | undefined {
    const key = previous?.keyPayload === true ? undefined : contentKey?.(document);
    const hash = this.#withSettings();
    const digest = (key !== undefined ? hash.update(`content ${key}`) : hash.update(document.body)).digest('base64url');
    if (previous?.digest !== digest) {
      this.#states.set(url, { ...validators, digest });
      return undefined;
    }
    const memo = memoOf(previous);
    this.#states.set(url, { ...validators, digest, ...(Object.keys(memo).length > 0 ? { memo } : {}) });
    return { kind: 'not-modified', url, memo };
  }

  /**
   * Compares the key of the payload read this time with the one remembered with the entry document (see
   * `DocumentFetcher.samePayload`); the key is made with the settings (the fingerprint), as a digest is,
   * and only when the last harvest asked for it (`SourceFetchState.keyPayload`: it found the same records
   * in other bytes). The entry's state then carries this payload's key, or none: a key is only ever
   * remembered beside the records made of its payload.
   */
  async samePayload(key: () => string | undefined): Promise<boolean> {
    const entry = this.#states.get(this.entryUrl);
    if (entry === undefined) throw new RangeError('samePayload(): the entry document was not fetched in this harvest.');
    const { payloadKey: _stale, keyPayload: _asked, ...rest } = entry;
    this.#states.set(this.entryUrl, rest);
    this.#payloadMatched = false;
    if (this.deps.dryRun === true) return false;
    const previous = await this.deps.getFetchState(this.entryUrl);
    if (previous?.keyPayload !== true) return false;
    const made = key();
    if (made === undefined) return false;
    const payloadKey = this.#withSettings().update(made).digest('base64url');
    // Read unconditionally (a referenced document changed): split whatever the key, but keep it for the next harvest.
    this.#payloadMatched = this.deps.unconditional !== true && previous.payloadKey === payloadKey;
    this.#states.set(this.entryUrl, { ...rest, payloadKey, ...(this.#payloadMatched ? { keyPayload: true } : {}) });
    return this.#payloadMatched;
  }

  /**
   * The run read the source and found the same records as last time (nothing added, changed or removed):
   * the next harvest keys its payload, so the same graph in other bytes is not split again.
   */
  keyNextPayload(): void {
    const entry = this.#states.get(this.entryUrl);
    if (entry !== undefined) this.#states.set(this.entryUrl, { ...entry, keyPayload: true });
  }

  /**
   * The payload was found the same graph as last time in other bytes: the run splits nothing, but the
   * documents' new digests (and the key) are kept, so the same bytes next time cost no parse.
   */
  get payloadMatched(): boolean {
    return this.#payloadMatched;
  }

  /** A SHA-256 begun with the settings the records depend on (the fingerprint): digests and payload keys both start so. */
  #withSettings(): Hash {
    return createHash('sha256').update(this.deps.fingerprint ?? '').update('\n');
  }

  remember(url: string, memo: DocumentMemo): void {
    if (this.local) return;
    const state = this.#states.get(url);
    if (state === undefined) throw new RangeError(`remember(${url}): only a document fetched in this harvest can carry a memo.`);
    this.#states.set(url, { ...validatorsOf(state), memo: { ...state.memo, ...memo } });
  }

  /** From now on, fetched documents are references of the payload (see `SourceFetchState.references`). */
  startSplit(): void {
    this.#splitting = true;
  }

  /**
   * After the reader found the entry unchanged: asks again, conditionally, for each document the last
   * split referenced. True when one of them changed or could not be fetched (the split must run again).
   */
  async referencesChanged(): Promise<boolean> {
    if (this.local) return false;
    const references = (await this.deps.getFetchState(this.entryUrl))?.references ?? [];
    for (const url of references) {
      try {
        if ((await this.fetch({ url })).kind === 'document') return true;
      } catch (error) {
        if (error instanceof DocumentReadError) return true;
        throw error;
      }
    }
    const entry = this.#states.get(this.entryUrl);
    if (entry !== undefined && references.length > 0) this.#states.set(this.entryUrl, { ...entry, references });
    return false;
  }

  /** What to remember about each fetched document once the run's records are committed. */
  states(): ReadonlyMap<string, SourceFetchState> {
    const entry = this.#states.get(this.entryUrl);
    if (entry === undefined || !this.#splitting) return this.#states;
    const states = new Map(this.#states);
    const { references: _old, ...rest } = entry;
    states.set(this.entryUrl, { ...rest, ...(this.#references.size > 0 ? { references: [...this.#references].sort() } : {}) });
    return states;
  }
}

function validatorsOf(state: { readonly etag?: string; readonly lastModified?: string; readonly digest?: string }): SourceFetchState {
  return {
    ...(state.etag !== undefined ? { etag: state.etag } : {}),
    ...(state.lastModified !== undefined ? { lastModified: state.lastModified } : {}),
    ...(state.digest !== undefined ? { digest: state.digest } : {}),
  };
}

/** The memo kept with a document; states written before memos existed kept the Hydra next link as `next`. */
function memoOf(state: SourceFetchState): DocumentMemo {
  if (state.memo !== undefined) return state.memo;
  return state.next !== undefined ? { next: state.next } : {};
}

async function failAsRead<T>(url: string, read: () => Promise<T>): Promise<T> {
  try {
    return await read();
  } catch (error) {
    if (error instanceof FetchError) throw new DocumentReadError('fetch', url, error.message);
    throw error;
  }
}
