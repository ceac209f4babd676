import type { Quad, Term } from '@rdfjs/types';
import type { Problem } from '../problem.js';
import type { ResourceKind } from '../resource-kind.js';

/**
 * # The harvester port
 *
 * A harvester turns what one kind of source publishes into records. The pipeline (src/harvest) owns
 * everything around it: the fetcher with its SSRF guard and caps, conditional GET state, change
 * detection, validation, storage and indexing. A harvester owns two steps:
 *
 * 1. **read**: its `reader` reads the source's documents, through the `DocumentFetcher` the pipeline
 *    gives it, into a payload (for RDF harvesters the shared RDF + Hydra reader in
 *    `src/rdf/reading/`, which yields a `SourceGraph`; a JSON or YAML harvester brings its own);
 * 2. **split**: `split(payload, context)` cuts the payload into records, asynchronously; it may fetch
 *    documents the payload references through `context.documents` (the same fetcher, guard and caps).
 *
 * It also declares, per record kind it produces, the validation profiles that apply (`profiles`).
 * Harvesters import src/core and src/rdf only; the shared record-splitting machinery for RDF
 * payloads is in `src/rdf/records/`. A new kind is a folder in harvesters/ and one line in
 * `harvesters/registry.ts`.
 */
export interface Harvester<Payload = unknown> {
  /** The source kind, as registered sources name it (`dcat-ap-no`); also the folder in harvesters/. */
  readonly kind: string;
  /** The Accept header sent for the source's documents when the source does not set one. */
  readonly accept: string;
  /** How the source's documents become the payload `split` takes. */
  readonly reader: SourceReader<Payload>;
  /**
   * For every record kind this harvester produces, the ids of the validation profiles that apply
   * (`src/core/validation-profiles.ts`), the default first. A source (or `VALIDATION_PROFILE`) may pick
   * another one of the list, such as a stricter version; a record of a kind missing here is never published.
   */
  readonly profiles: Readonly<Partial<Record<ResourceKind, readonly string[]>>>;
  /** Cuts the payload into records; every left-out resource is reported as a problem, never dropped silently. */
  split(payload: Payload, context: SplitContext): Promise<SplitResult>;
}

/** Reads a source's documents into a harvester's payload. */
export interface SourceReader<Payload> {
  /**
   * Reads the source, starting at `documents.entryUrl`. Resolves to `not-modified` when every document
   * it asked for conditionally answered 304 (nothing is split then); rejects with a
   * `DocumentReadError` when a document cannot be fetched or read (the run fails, nothing is written).
   */
  read(documents: DocumentFetcher, signal?: AbortSignal): Promise<ReadOutcome<Payload>>;
}

export type ReadOutcome<Payload> =
  | { readonly kind: 'not-modified'; readonly documents: number }
  | {
      readonly kind: 'read';
      readonly payload: Payload;
      /** How many documents were read (pages of a paged source). */
      readonly documents: number;
      /** Worth logging, not problems (e.g. "syntax guessed from the file name"). */
      readonly notes: readonly string[];
    };

/** A request for one document of a source. */
export interface DocumentRequest {
  /** Absolute http(s) URL, or the entry's own path when the entry is a local file. */
  readonly url: string;
  /** The Accept header; the source's (or the harvester's) when absent. */
  readonly accept?: string;
  /**
   * Send the validators (ETag, Last-Modified) remembered from the last successful harvest, so an
   * unchanged document answers `not-modified` at the cost of one request. Default true.
   */
  readonly conditional?: boolean;
  /**
   * What the document says, as a key to compare with the last harvest's in place of its bytes (a reader
   * that knows the format: the same key means the same records, as the same bytes do); undefined to
   * compare the bytes. See src/rdf/reading/rdf-content-key.ts.
   */
  readonly contentKey?: (document: { readonly body: Buffer; readonly contentType: string | undefined; readonly url: string }) => string | undefined;
}

export type FetchedDocument =
  | {
      readonly kind: 'document';
      /** The URL asked for. */
      readonly url: string;
      /** The URL answered, after redirects: the base for relative references in the document. */
      readonly finalUrl: string;
      readonly body: Buffer;
      readonly contentType: string | undefined;
      /**
       * What the harvester remembered with this document at the last successful harvest (see
       * `DocumentFetcher.remember`), when it was asked for conditionally: what changed since can be told.
       */
      readonly previousMemo?: DocumentMemo;
    }
  | {
      readonly kind: 'not-modified';
      readonly url: string;
      /** What the harvester remembered with this document last time (see `DocumentFetcher.remember`). */
      readonly memo: DocumentMemo;
    };

/** A harvester's own notes about a document, kept with its validators until the next harvest. */
export type DocumentMemo = Readonly<Record<string, string>>;

/**
 * Fetches a source's documents for its harvester, through the catalog's fetcher: the SSRF guard, the
 * size and time caps and the source's Accept header apply to every request, and the validators of
 * each document are remembered after a successful run (a failed run remembers nothing).
 * Rejects with `DocumentReadError` (stage `fetch`) when a document cannot be fetched.
 */
export interface DocumentFetcher {
  /** Where the source starts: its URL, or the local file's path when harvested from the CLI. */
  readonly entryUrl: string;
  /** The entry is a local file (the CLI): one document; other local paths are never read. */
  readonly local: boolean;
  fetch(request: DocumentRequest): Promise<FetchedDocument>;
  /** Keeps a note with a fetched document's validators (the next page of a paged source, a content hash). */
  remember(url: string, memo: DocumentMemo): void;
  /**
   * After a reader read a changed payload: whether it is the same graph as at the last successful harvest
   * (under the same settings), by a key the reader makes of it that is the same for every serialisation of
   * one graph (src/rdf/reading/payload-key.ts); undefined from `key` when it has none. When true, the
   * reader answers `not-modified`: nothing is split. `key` is only called when the last harvest read other
   * bytes and found the same records (a source that writes its content anew for every request; one whose
   * content changes does not pay for keys it never uses); the key is remembered for the next harvest (also
   * when the documents were read unconditionally, because a document the payload references changed:
   * then the answer is false).
   */
  samePayload(key: () => string | undefined): Promise<boolean>;
}

/**
 * A document of a source could not be fetched or read. From a `SourceReader` it fails the run (the
 * previous records stay published); a harvester that fetches a referenced document during `split`
 * catches it and attaches a problem to the record that references the document.
 */
export class DocumentReadError extends Error {
  readonly stage: 'fetch' | 'parse';
  readonly url: string;
  readonly line: number | undefined;
  constructor(stage: 'fetch' | 'parse', url: string, message: string, line?: number) {
    super(message);
    this.name = 'DocumentReadError';
    this.stage = stage;
    this.url = url;
    this.line = line;
  }
}

/**
 * A parsed RDF payload, indexed by subject: compact enough for a 100 000-dataset catalog (the n3
 * Store is not), and all a splitter needs to follow references from a resource to its closure.
 */
export interface SourceGraph {
  readonly size: number;
  /** Every distinct subject. */
  subjects(): Iterable<Term>;
  /** Subjects with `rdf:type` the given class IRI. */
  subjectsOfType(classIri: string): Term[];
  /** The quads with this subject (empty when none). */
  bySubject(subject: Term): readonly Quad[];
}

/** One record cut from a source: a resource's own triples plus the closure of the non-record nodes it references. */
export interface HarvestedRecord {
  /** The resource IRI (never a blank node: blank-node resources get a stable IRI or are skipped). */
  readonly iri: string;
  readonly kind: ResourceKind;
  /** The record graph, skolemised: no blank nodes. */
  readonly quads: readonly Quad[];
  /** IRI of the catalog this resource is listed in (a generated one for members of no catalog); none for catalogs. */
  readonly catalogIri: string | null;
  /**
   * Problems with this record that do not keep it out (a document it references could not be read):
   * reported in the run with the record's IRI, the record is still published.
   */
  readonly problems?: readonly Problem[];
  /**
   * Documents kept with the record as they were fetched (the OpenAPI description of a data service),
   * one per name, served unchanged at `{record URI}/{name}`. Part of the record: a changed artefact
   * changes the record, and the store keeps each by its content hash in the record's own write.
   */
  readonly artefacts?: readonly RecordArtefact[];
}

/** The names records keep artefacts under; each is served at `{record URI}/{name}`. */
export const ARTEFACT_NAMES = ['openapi'] as const;
export type ArtefactName = (typeof ARTEFACT_NAMES)[number];

/** A document kept with a record, by content hash. */
export interface RecordArtefact {
  readonly name: ArtefactName;
  /** The media type it was served with (`application/yaml`), without parameters other than charset. */
  readonly mediaType: string;
  /** SHA-256 of the bytes, hex (`artefactHash`). */
  readonly hash: string;
  /**
   * The bytes. Absent when the document answered 304 Not Modified: the store already keeps bytes of
   * that hash from an earlier harvest (the hash came from the document's memo).
   */
  readonly body?: Buffer;
}

export interface SplitResult {
  readonly records: HarvestedRecord[];
  /** Resources left out, each with its reason; never dropped silently. */
  readonly problems: Problem[];
}

export interface SplitContext {
  /** Id of the source being harvested, for generated IRIs (e.g. the catalog of loose members). */
  readonly sourceId: string;
  /**
   * How what the catalog generates for the source names it (the catalog of its loose members): the
   * source's name, else its URL; a local file by its file name, never its path on this machine.
   */
  readonly sourceName: string;
  /** Organisation number of the source's publisher. */
  readonly publisher: string;
  /** Public base URL of this catalog, for generated IRIs. */
  readonly baseUrl: string;
  /** Fetches documents the payload references (an OpenAPI description, a `$ref`), as the reader's were. */
  readonly documents: DocumentFetcher;
  /**
   * Follow the documents records name as their description (`dcat:endpointDescription` of a data
   * service, read as OpenAPI) and add what they say. The source's choice; absent means true.
   */
  readonly followEndpointDescriptions?: boolean;
  readonly signal?: AbortSignal;
}
