import path from 'node:path';
import { fileURLToPath } from 'node:url';
import SwaggerParser from '@apidevtools/swagger-parser';
import type { ApiDescription, SchemaProblem } from './api-description.js';
import { describeApi, specVersionOf } from './describe-api.js';
import { DocumentReadError, decodeUtf8, parseText } from './read-document.js';
import { longestReferenceChain, MAX_REFERENCE_CHAIN, referencesOf } from './reference-chains.js';
import { schemaProblemsOf } from './schema-problems.js';
import { plain } from './plain-text.js';

/**
 * json-schema-ref-parser, the resolver swagger-parser extends: its `dereference` without swagger-parser's
 * own early checks (which refuse OpenAPI 3.1 documents without paths, and versions like 3.0.4-rc), since
 * the version is checked here and the schema validation reports what is wrong in plain words.
 */
const RefParser = Object.getPrototypeOf(SwaggerParser) as typeof SwaggerParser;

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
export async function parseOpenApi(input: ParseInput, readReference: ReferenceReader): Promise<ParseOutcome> {
  try {
    return await parseUnguarded(input, readReference);
  } catch (error) {
    // A document nested deeper than the stack: whichever step met it first.
    if (error instanceof RangeError) return { ok: false, message: `The document is nested too deeply to read (${plain(error.message)}).` };
    throw error;
  }
}

async function parseUnguarded(input: ParseInput, readReference: ReferenceReader): Promise<ParseOutcome> {
  let raw: unknown;
  try {
    raw = parseText(decodeUtf8(input.body), input.contentType);
  } catch (error) {
    if (error instanceof DocumentReadError) return { ok: false, message: error.message, ...(error.line !== undefined ? { line: error.line } : {}) };
    throw error;
  }
  const spec = specVersionOf(raw);
  if ('error' in spec) return { ok: false, message: spec.error };
  const document = raw as Record<string, unknown>;
  const references = referencesOf(document);
  const chain = longestReferenceChain(document, references.internal);
  if (chain.length > MAX_REFERENCE_CHAIN) {
    return { ok: false, message: `The document has a chain of ${chain.length >= MAX_REFERENCE_CHAIN * 4 ? `more than ${MAX_REFERENCE_CHAIN * 4}` : chain.length} $refs each pointing at the next; more than ${MAX_REFERENCE_CHAIN} are refused.` };
  }

  // What describes the servers, as written: dereferencing below works on the document in place.
  const servers = { servers: document['servers'], host: document['host'], basePath: document['basePath'], schemes: document['schemes'], 'x-language': document['x-language'], 'x-lang': document['x-lang'], 'x-locale': document['x-locale'] };
  const isLocal = !/^https?:\/\//i.test(input.location);
  const folder = isLocal ? (input.localRoot ?? path.dirname(path.resolve(input.location))) : undefined;
  // json-schema-ref-parser reports a failed read as "Error reading file"; keep the real cause per URL.
  const failures = new Map<string, string>();
  const remember = <T>(url: string, read: () => Promise<T>): Promise<T> =>
    read().catch((error: unknown) => {
      failures.set(url, (error as Error).message);
      throw error;
    });
  const canFetch = (url: string): boolean => /^https?:\/\//i.test(url);
  const canReadLocal = (url: string): boolean => isLocal && (url.startsWith('file:') || path.isAbsolute(url));
  const referenced: string[] = [];
  let referencedBytes = 0;
  const guard = async (url: string, read: () => Promise<{ body: Uint8Array; contentType?: string }>): Promise<string> => {
    if (referenced.length >= input.maxReferencedDocuments) {
      throw new Error(`more than ${input.maxReferencedDocuments} documents are referenced; ${url} was not read`);
    }
    referenced.push(url);
    const { body, contentType } = await read();
    referencedBytes += body.length;
    if (referencedBytes > input.maxReferencedBytes) throw new Error(`the referenced documents together pass ${input.maxReferencedBytes} bytes; stopped at ${url}`);
    const text = decodeUtf8(body);
    if (contentType !== undefined && /^\s*text\/html/i.test(contentType)) throw new Error(`${url} is an HTML page, not JSON or YAML`);
    return text;
  };

  const parser = new RefParser();
  const referenceProblems: string[] = [];
  let resolved: Record<string, unknown> = document;
  try {
    resolved = (await parser.dereference(isLocal ? path.resolve(input.location) : input.location, document as never, {
      continueOnError: true,
      dereference: { circular: 'ignore' },
      validate: { schema: false, spec: false },
      parse: {
        json: false,
        yaml: false,
        text: false,
        binary: false,
        openapi: { order: 1, allowEmpty: false, canParse: true, parse: (file: { data: string | Buffer }) => parseText(typeof file.data === 'string' ? file.data : decodeUtf8(file.data)) },
      },
      resolve: {
        // Most documents refer to no other document: then the resolver's walk that looks for such references is skipped.
        external: references.external,
        file: false,
        http: false,
        guarded: {
          order: 1,
          canRead: (file: { url: string }) => canFetch(file.url),
          read: (file: { url: string }) => remember(file.url, () => guard(file.url, () => readReference(file.url))),
        },
        folder: {
          order: 2,
          canRead: (file: { url: string }) => canReadLocal(file.url),
          read: (file: { url: string }) => remember(file.url, () => guard(file.url, () => readInsideFolder(file.url, folder!, input.maxReferencedBytes))),
        },
        refused: {
          order: 3,
          canRead: (file: { url: string }) => !canFetch(file.url) && !canReadLocal(file.url),
          read: (file: { url: string }) => {
            const reason =
              isLocal
                ? `${plain(file.url)} is not a file inside the folder of the document nor an http(s) URL: a local document's references stay in its folder`
                : `${plain(file.url)} is not an http(s) URL: references are followed only inside the document and over http(s)`;
            failures.set(file.url, reason);
            throw new Error(reason);
          },
        },
      },
    } as never)) as unknown as Record<string, unknown>;
  } catch (error) {
    const group = error as { errors?: readonly { message?: string; source?: string; path?: readonly (string | number)[] }[] };
    if (Array.isArray(group.errors)) {
      for (const e of group.errors.slice(0, 50)) referenceProblems.push(referenceMessage(causeOf(e, failures), e.path));
      if (group.errors.length > 50) referenceProblems.push(`… and ${group.errors.length - 50} more references that could not be followed.`);
      resolved = ((parser as unknown as { schema: Record<string, unknown> | null }).schema) ?? document;
    } else if (error instanceof RangeError) {
      throw error;
    } else {
      const message = (error as Error).message ?? String(error);
      return { ok: false, message: `The document could not be read: ${plain(message)}` };
    }
  }

  const api = describeApi(spec, servers, resolved, isLocal ? undefined : input.location);
  const schemaProblems = schemaProblemsOf(spec, resolved);
  return { ok: true, api, schemaProblems, referenceProblems, referencedDocuments: referenced, circular: parser.$refs.circular };
}

function causeOf(error: { message?: string; source?: string }, failures: ReadonlyMap<string, string>): string {
  const message = error.message ?? String(error);
  const read = /^Error reading file "(.*)"$/.exec(message);
  if (read !== null) return failures.get(read[1]!) ?? failures.get(error.source ?? '') ?? `${read[1]!} could not be read`;
  return message;
}

async function readInsideFolder(fileUrl: string, folder: string, maxBytes: number): Promise<{ body: Uint8Array }> {
  const { realpath, readFile, stat } = await import('node:fs/promises');
  const file = fileUrl.startsWith('file:') ? fileURLToPath(fileUrl) : fileUrl;
  const target = await realpath(file).catch(() => {
    throw new Error(`${file} does not exist`);
  });
  const root = await realpath(folder);
  if (target !== root && !target.startsWith(root + path.sep)) throw new Error(`${target} is outside the folder of the document (${root}); local references stay in that folder`);
  const info = await stat(target);
  if (!info.isFile()) throw new Error(`${target} is not a regular file`);
  if (info.size > maxBytes) throw new Error(`${target} is larger than ${maxBytes} bytes`);
  return { body: await readFile(target) };
}

function referenceMessage(message: string, at: readonly (string | number)[] | undefined): string {
  const where = at !== undefined && at.length > 0 ? ` (at ${at.map(String).join(' › ')})` : '';
  return `A $ref could not be followed${where}: ${plain(message)}`;
}

