import path from 'node:path';
import { fileURLToPath } from 'node:url';
import SwaggerParser from '@apidevtools/swagger-parser';
import type { ParseInput, ReferenceReader } from './parse-openapi.js';
import { plain } from './plain-text.js';
import { decodeUtf8, parseText } from './read-document.js';

/**
 * json-schema-ref-parser, the resolver swagger-parser extends: its `dereference` without swagger-parser's
 * own early checks (which refuse OpenAPI 3.1 documents without paths, and versions like 3.0.4-rc), since
 * the version is checked here and the schema validation reports what is wrong in plain words.
 */
const RefParser = Object.getPrototypeOf(SwaggerParser) as typeof SwaggerParser;

/** A document dereferenced: the value, whether it is circular, and what its `$ref`s could not reach or brought in. */
export interface DereferencedDocument {
  readonly resolved: Record<string, unknown>;
  readonly circular: boolean;
  /** `$ref`s that could not be followed, each with its cause. */
  readonly referenceProblems: readonly string[];
  /** Documents the `$ref`s brought in (URLs or file paths). */
  readonly referencedDocuments: readonly string[];
}

/**
 * Dereferences the document in place with json-schema-ref-parser. `$ref`s are followed only inside the
 * document, over http(s) through `readReference` (the pipeline's fetcher with its guard), and, for a
 * local file from the CLI, to files inside that file's folder. Never a `file:` URL or local path from a
 * document read over the network. Circular schemas are kept as references (`circular: "ignore"`).
 * `external`: whether the document refers to other documents at all (else the resolver's search for
 * such references, another walk of the whole document, is skipped). A `RangeError` (a document nested
 * deeper than the stack) is thrown; any other failure is a message.
 */
export async function dereferenceWithLibrary(
  document: Record<string, unknown>,
  input: ParseInput,
  external: boolean,
  readReference: ReferenceReader,
): Promise<DereferencedDocument | { readonly message: string }> {
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
        external,
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
      return { message: `The document could not be read: ${plain(message)}` };
    }
  }

  return { resolved, circular: parser.$refs.circular, referenceProblems, referencedDocuments: referenced };
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

