import { CORE_SCHEMA, load, YAMLException } from 'js-yaml';

/**
 * Reads the bytes of an OpenAPI document (or of a document it references) into a plain value: UTF-8
 * only, JSON or YAML. Hostile input ends as a `DocumentReadError` naming the cause:
 * - bytes that are not UTF-8 (a UTF-16 or UTF-32 byte-order mark included);
 * - an HTML page served where a document was expected (a login page, a portal's "not found");
 * - a YAML document whose aliases would expand past `MAX_EXPANDED_NODES` nodes ("billion laughs"), or
 *   that refers to itself through an alias: js-yaml shares an aliased node instead of copying it, so
 *   the bomb loads small; its expanded size is then counted once per shared node, before anything
 *   walks the document as a tree;
 * - YAML syntax errors, with their line.
 */
export class DocumentReadError extends Error {
  readonly line: number | undefined;
  constructor(message: string, line?: number) {
    super(message);
    this.name = 'DocumentReadError';
    this.line = line;
  }
}

/** How many nodes a document may have once its YAML aliases are expanded (the largest real ones have a few million). */
export const MAX_EXPANDED_NODES = 20_000_000;

const utf8 = new TextDecoder('utf-8', { fatal: true, ignoreBOM: false });

export function decodeUtf8(body: Uint8Array): string {
  if (startsWith(body, [0xfe, 0xff]) || startsWith(body, [0xff, 0xfe])) {
    throw new DocumentReadError('The document is UTF-16 or UTF-32 (it starts with such a byte-order mark); OpenAPI documents are read as UTF-8.');
  }
  try {
    return utf8.decode(body);
  } catch {
    throw new DocumentReadError(`The document is not valid UTF-8 (first bad byte at offset ${firstInvalidUtf8Offset(body)}).`);
  }
}

/** True when the text looks like an HTML page rather than JSON or YAML. */
export function looksLikeHtml(text: string, contentType?: string): boolean {
  if (contentType !== undefined && /^\s*(text\/html|application\/xhtml\+xml)\b/i.test(contentType)) return true;
  const head = text.slice(0, 512).trimStart().toLowerCase();
  return head.startsWith('<!doctype html') || head.startsWith('<html') || head.startsWith('<head') || head.startsWith('<body');
}

/** Parses the text as JSON when it is JSON, else as YAML (YAML 1.2 core schema: dates stay strings). */
export function parseText(text: string, contentType?: string): unknown {
  if (looksLikeHtml(text, contentType)) {
    throw new DocumentReadError(`The document is an HTML page${contentType ? ` (${contentType.split(';')[0]!.trim()})` : ''}, not an OpenAPI description in JSON or YAML.`);
  }
  const trimmed = text.replace(/^\uFEFF/, '').trimStart();
  if (trimmed.startsWith('{') || trimmed.startsWith('[')) {
    try {
      return JSON.parse(trimmed) as unknown;
    } catch (error) {
      // Fall through: YAML is a superset of JSON and reports the line of a syntax error.
      if (!/\n/.test(trimmed.slice(0, 200)) && trimmed.length > 200) throw new DocumentReadError(`The document is not valid JSON: ${(error as Error).message}`);
    }
  }
  return parseYaml(trimmed);
}

function parseYaml(text: string): unknown {
  let value: unknown;
  try {
    // The core schema: no timestamps (a version like 2020-08-27 stays a string), no binary, sets or maps
    // of other types; `json: true` lets a duplicated key override the earlier one, as JSON.parse does.
    value = load(text, { schema: CORE_SCHEMA, json: true });
  } catch (error) {
    if (error instanceof YAMLException) {
      const line = error.mark?.line !== undefined ? error.mark.line + 1 : undefined;
      throw new DocumentReadError(`The document is not valid YAML or JSON${line !== undefined ? ` (line ${line})` : ''}: ${firstLine(error.reason ?? error.message)}`, line);
    }
    throw error;
  }
  const expanded = expandedSize(value);
  if (expanded === 'cycle') throw new DocumentReadError('The YAML document refers to itself through an alias (an endless document); it was refused.');
  if (expanded > MAX_EXPANDED_NODES) {
    throw new DocumentReadError(`The YAML document uses aliases that would expand it to more than ${MAX_EXPANDED_NODES.toLocaleString('en')} nodes (a "billion laughs" document); it was refused.`);
  }
  return value;
}

/**
 * The number of nodes the value has when every shared node (a YAML alias) is counted each time it is
 * used, computed once per distinct node; stops counting past the limit. `cycle` for a node that
 * contains itself.
 */
function expandedSize(root: unknown): number | 'cycle' {
  const size = new Map<object, number>();
  const open = new Set<object>();
  const visit = (value: unknown): number | 'cycle' => {
    if (value === null || typeof value !== 'object') return 1;
    const known = size.get(value);
    if (known !== undefined) return known;
    if (open.has(value)) return 'cycle';
    open.add(value);
    let total = 1;
    for (const child of Array.isArray(value) ? value : Object.values(value)) {
      const n = visit(child);
      if (n === 'cycle') return 'cycle';
      total = Math.min(total + n, MAX_EXPANDED_NODES + 1);
    }
    open.delete(value);
    size.set(value, total);
    return total;
  };
  return visit(root);
}

function firstLine(message: string): string {
  return message.split('\n')[0]!.slice(0, 300);
}

function startsWith(body: Uint8Array, prefix: readonly number[]): boolean {
  return prefix.every((byte, i) => body[i] === byte);
}

/** The offset of the first byte that does not belong to a well-formed UTF-8 sequence. */
function firstInvalidUtf8Offset(body: Uint8Array): number {
  let i = 0;
  while (i < body.length) {
    const b = body[i]!;
    const length = b < 0x80 ? 1 : b >= 0xc2 && b <= 0xdf ? 2 : b >= 0xe0 && b <= 0xef ? 3 : b >= 0xf0 && b <= 0xf4 ? 4 : 0;
    if (length === 0 || i + length > body.length) return i;
    try {
      utf8.decode(body.subarray(i, i + length));
    } catch {
      return i;
    }
    i += length;
  }
  return i;
}
