import type { ApiDescription, SchemaProblem, SpecVersion } from './api-description.js';
import { DescriptionTooLargeError, describeApi, specVersionOf } from './describe-api.js';
import { dereferenceInternal } from './internal-dereference.js';
import { dereferenceWithLibrary } from './library-dereference.js';
import { DocumentReadError, decodeUtf8, parseText } from './read-document.js';
import { longestReferenceChain, MAX_REFERENCE_CHAIN, referencesOf } from './reference-chains.js';
import { schemaProblemsOf } from './schema-problems.js';
import { plain } from './plain-text.js';

/** Reads a referenced document through the pipeline's fetcher (SSRF guard, allow-list, caps). */
export type ReferenceReader = (url: string) => Promise<{ readonly body: Uint8Array; readonly contentType?: string }>;

export interface ParseInput {
  readonly body: Uint8Array;
  /** The document's URL, or the absolute path of a local file (CLI only). */
  readonly location: string;
  readonly contentType?: string;
  /** The most documents `$ref`s may bring in, and their bytes together. */
  readonly maxReferencedDocuments: number;
  readonly maxReferencedBytes: number;
  /** For a local file: the folder its references must stay inside (default: the file's own folder). */
  readonly localRoot?: string;
}

export interface ParseOptions {
  /**
   * `library` dereferences every document with json-schema-ref-parser; by default a document with only
   * `#/…` references gets our port of it (same result, a fraction of the cost). The equality of both is
   * tested on every document of the corpus (test/harvesters/openapi/internal-dereference.test.ts).
   */
  readonly dereferencer?: 'auto' | 'library';
}

export type ParseOutcome =
  | {
      readonly ok: true;
      readonly api: ApiDescription;
      readonly schemaProblems: readonly SchemaProblem[];
      /** `$ref`s that could not be followed, each with its cause; what they point at is missing from the record. */
      readonly referenceProblems: readonly string[];
      /** Documents the `$ref`s brought in (URLs or file paths). */
      readonly referencedDocuments: readonly string[];
      /** True when the document has circular schemas (legal; kept as references). */
      readonly circular: boolean;
    }
  | { readonly ok: false; readonly message: string; readonly line?: number };

/**
 * Reads, dereferences and checks one OpenAPI document. Runs inside the parse worker (never on the
 * thread that serves requests), which bounds its time and memory.
 *
 * `$ref`s are followed only inside the document, over http(s) through `readReference` (the pipeline's
 * fetcher with its guard), and, for a local file from the CLI, to files inside that file's folder.
 * Never a `file:` URL or local path from a document read over the network. Circular schemas are kept
 * as references (`circular: "ignore"`), never expanded.
 */
export async function parseOpenApi(input: ParseInput, readReference: ReferenceReader, options: ParseOptions = {}): Promise<ParseOutcome> {
  try {
    return await parseUnguarded(input, readReference, options);
  } catch (error) {
    // A document nested deeper than the stack: whichever step met it first.
    if (error instanceof RangeError) return { ok: false, message: `The document is nested too deeply to read (${plain(error.message)}).` };
    if (error instanceof DescriptionTooLargeError) return { ok: false, message: error.message };
    throw error;
  }
}

async function parseUnguarded(input: ParseInput, readReference: ReferenceReader, options: ParseOptions): Promise<ParseOutcome> {
  let raw: unknown;
  try {
    raw = parseText(decodeUtf8(input.body), input.contentType);
  } catch (error) {
    if (error instanceof DocumentReadError) return { ok: false, message: error.message, ...(error.line !== undefined ? { line: error.line } : {}) };
    throw error;
  }
  const spec = specVersionOf(raw);
  if ('error' in spec) return { ok: false, message: spec.error };
  let document = raw as Record<string, unknown>;
  const references = referencesOf(document);
  const chain = longestReferenceChain(document, references.internal);
  if (chain.length > MAX_REFERENCE_CHAIN) {
    return { ok: false, message: `The document has a chain of ${chain.length >= MAX_REFERENCE_CHAIN * 4 ? `more than ${MAX_REFERENCE_CHAIN * 4}` : chain.length} $refs each pointing at the next; more than ${MAX_REFERENCE_CHAIN} are refused.` };
  }

  const isLocal = !/^https?:\/\//i.test(input.location);
  const documentUrl = isLocal ? undefined : input.location;
  // Only `#/…` references (and a location without a fragment, which the library would carry into every
  // path): our port of the library's dereference, which gives exactly its result at a fraction of its
  // cost (internal-dereference.ts). A document it leaves to the library may have been changed in place,
  // so the library gets the document read again.
  if (options.dereferencer !== 'library' && !references.external && !input.location.includes('#')) {
    const servers = serversOf(document);
    const internal = dereferenceInternal(document);
    if (internal !== undefined) {
      const resolved = internal.value as Record<string, unknown>;
      return { ok: true, ...described(spec, servers, resolved, documentUrl), referenceProblems: [], referencedDocuments: [], circular: internal.circular };
    }
    document = parseText(decodeUtf8(input.body), input.contentType) as Record<string, unknown>;
  }
  // What describes the servers, as written: dereferencing below works on the document in place.
  const servers = serversOf(document);
  const dereferenced = await dereferenceWithLibrary(document, input, references.external, readReference);
  if ('message' in dereferenced) return { ok: false, message: dereferenced.message };
  const { resolved, circular, referenceProblems, referencedDocuments } = dereferenced;
  return { ok: true, ...described(spec, servers, resolved, documentUrl), referenceProblems, referencedDocuments, circular };
}

/** What describes the servers, as written (before dereferencing, which changes the document in place). */
function serversOf(document: Record<string, unknown>): Record<string, unknown> {
  return { servers: document['servers'], host: document['host'], basePath: document['basePath'], schemes: document['schemes'], 'x-language': document['x-language'], 'x-lang': document['x-lang'], 'x-locale': document['x-locale'] };
}

function described(spec: SpecVersion, servers: Record<string, unknown>, resolved: Record<string, unknown>, documentUrl: string | undefined): { api: ApiDescription; schemaProblems: readonly SchemaProblem[] } {
  return { api: describeApi(spec, servers, resolved, documentUrl), schemaProblems: schemaProblemsOf(spec, resolved) };
}
