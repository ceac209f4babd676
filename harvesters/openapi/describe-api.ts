import {
  HTTP_METHODS,
  type ApiContact,
  type ApiDescription,
  type ApiLicense,
  type ApiOperation,
  type ApiParameter,
  type ApiSecurityScheme,
  type ApiTag,
  type HttpMethod,
  type ParameterLocation,
  type SpecVersion,
} from './api-description.js';
import { plain } from './plain-text.js';
import { readSchemaLinks } from './schema-links.js';

type Json = Record<string, unknown>;

/**
 * Extracts what the catalog keeps from an OpenAPI document. `raw` holds the document's top-level fields
 * as read, before dereferencing (servers, host, basePath, schemes, language extensions: taken as
 * written), `resolved` the dereferenced document (path items, parameters and responses behind `$ref`s). Every field may be of any type in a hostile
 * document: what is not of the expected type is left out, never trusted.
 */
export function describeApi(spec: SpecVersion, raw: Json, resolved: Json, documentUrl: string | undefined): ApiDescription {
  const info = object(resolved['info']) ?? {};
  const operations = readOperations(spec, resolved);
  const { servers, problems } = spec.family === 'swagger' ? swaggerServers(raw, documentUrl) : openApiServers(raw, documentUrl);
  const mediaTypes = [...new Set(operations.flatMap((o) => o.mediaTypes))].sort();
  const title = text(info['title']);
  const description = text(info['description']);
  const summary = text(info['summary']);
  const version = versionText(info['version']);
  const language = declaredLanguage(raw, info);
  const termsOfService = text(info['termsOfService']);
  const contact = readContact(info['contact']);
  const license = readLicense(info['license']);
  const externalDocs = readExternalDocs(resolved['externalDocs']);
  const schemaLinks = readSchemaLinks(spec, resolved);
  return {
    spec,
    ...(title !== undefined ? { title } : {}),
    ...(description !== undefined ? { description } : {}),
    ...(summary !== undefined ? { summary } : {}),
    ...(version !== undefined ? { version } : {}),
    ...(language !== undefined ? { language } : {}),
    ...(termsOfService !== undefined ? { termsOfService } : {}),
    ...(contact !== undefined ? { contact } : {}),
    ...(license !== undefined ? { license } : {}),
    ...(externalDocs !== undefined ? { externalDocs } : {}),
    servers,
    serverProblems: problems,
    tags: readTags(resolved['tags'], operations),
    operations,
    securitySchemes: readSecuritySchemes(spec, resolved),
    allowsAnonymous: allowsAnonymous(resolved, operations.length),
    mediaTypes,
    ...(schemaLinks.length > 0 ? { schemaLinks } : {}),
  };
}

/** The document's specification version, or a reason it has none we read. */
export function specVersionOf(document: unknown): SpecVersion | { readonly error: string } {
  const doc = object(document);
  if (doc === undefined) return { error: `The document is ${describeType(document)}, not an OpenAPI description (an object with an "openapi" or "swagger" field).` };
  const swagger = doc['swagger'];
  const openapi = doc['openapi'];
  if (swagger !== undefined) {
    if (String(swagger) === '2.0' || String(swagger) === '2') return { family: 'swagger', version: '2.0' };
    return { error: `Swagger ${plain(String(swagger))} is not supported: only Swagger 2.0, OpenAPI 3.0.x and 3.1.x are read.` };
  }
  if (openapi !== undefined) {
    const v = String(openapi);
    if (/^3\.[01](\.\d+(-.+)?)?$/s.test(v)) return { family: 'openapi', version: v };
    return { error: `OpenAPI ${plain(v)} is not supported: only Swagger 2.0, OpenAPI 3.0.x and 3.1.x are read.` };
  }
  return { error: 'The document has neither an "openapi" nor a "swagger" field, so it is not an OpenAPI description.' };
}

/** The most servers of a document that are read (20 000 servers took 0.4 s to compare, 40 000 took 1.8 s). */
export const MAX_SERVERS = 100;
/**
 * The most operations, parameters and tags one description may give, counted where they are used: a path
 * item shared through `$ref` counts once per path that uses it. A 17 KB document of 200 paths sharing one
 * item of 8 operations and 200 parameters gave 320 000 parameters, 1.9 million triples in its record.
 */
export const MAX_OPERATION_PARTS = 25_000;
/** The longest path template read: every parameter's node IRI holds it (38 KB of paths and parameters made 60 million characters). */
export const MAX_PATH_LENGTH = 2_048;

/** A description larger than the catalog reads (MAX_OPERATION_PARTS, MAX_PATH_LENGTH), with what it gives. */
export class DescriptionTooLargeError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'DescriptionTooLargeError';
  }
}

function readOperations(spec: SpecVersion, doc: Json): ApiOperation[] {
  const paths = object(doc['paths']);
  if (paths === undefined) return [];
  let parts = 0;
  const globalConsumes = strings(doc['consumes']);
  const globalProduces = strings(doc['produces']);
  const out: ApiOperation[] = [];
  for (const [path, value] of Object.entries(paths)) {
    if (path.startsWith('x-')) continue;
    const item = object(value);
    if (item === undefined) continue;
    if (path.length > MAX_PATH_LENGTH) throw new DescriptionTooLargeError(`The path ${plain(path.slice(0, 80))}… is ${path.length} characters long; paths of at most ${MAX_PATH_LENGTH} are read.`);
    const shared = parameterList(item['parameters']);
    for (const [key, opValue] of Object.entries(item)) {
      if (!(HTTP_METHODS as readonly string[]).includes(key)) continue;
      const op = object(opValue);
      if (op === undefined) continue;
      const operation = readOperation(spec, key as HttpMethod, path, op, shared, globalConsumes, globalProduces);
      parts += 1 + operation.parameters.length + operation.tags.length;
      if (parts > MAX_OPERATION_PARTS) {
        throw new DescriptionTooLargeError(
          `The description gives more than ${MAX_OPERATION_PARTS} operations, parameters and tags, counted where they are used (a path item shared through $ref counts for every path that uses it); it is not read.`,
        );
      }
      out.push(operation);
    }
  }
  return out;
}

function readOperation(spec: SpecVersion, method: HttpMethod, path: string, op: Json, shared: ApiParameter[], consumes: string[], produces: string[]): ApiOperation {
  const own = parameterList(op['parameters']);
  const merged = new Map<string, ApiParameter>();
  for (const p of [...shared, ...own]) merged.set(`${p.in}\u0000${p.name}`, p);
  const media = new Set<string>();
  if (spec.family === 'openapi') {
    const body = object(op['requestBody']);
    if (body !== undefined) {
      merged.set('body\u0000body', { name: 'body', in: 'body', required: body['required'] === true });
      for (const type of Object.keys(object(body['content']) ?? {})) addMediaType(media, type);
    }
    for (const response of Object.values(object(op['responses']) ?? {})) {
      for (const type of Object.keys(object(object(response)?.['content']) ?? {})) addMediaType(media, type);
    }
  } else {
    const opConsumes = op['consumes'] !== undefined ? strings(op['consumes']) : consumes;
    const opProduces = op['produces'] !== undefined ? strings(op['produces']) : produces;
    const hasBody = [...merged.values()].some((p) => p.in === 'body' || p.in === 'formData');
    if (hasBody) for (const type of opConsumes) addMediaType(media, type);
    for (const type of opProduces) addMediaType(media, type);
  }
  const operationId = text(op['operationId']);
  const summary = text(op['summary']);
  const description = text(op['description']);
  return {
    method,
    path,
    ...(operationId !== undefined ? { operationId } : {}),
    ...(summary !== undefined ? { summary } : {}),
    ...(description !== undefined ? { description } : {}),
    tags: strings(op['tags']),
    parameters: [...merged.values()],
    deprecated: op['deprecated'] === true,
    mediaTypes: [...media].sort(),
  };
}

const LOCATIONS: readonly ParameterLocation[] = ['path', 'query', 'header', 'cookie', 'body', 'formData'];

function parameterList(value: unknown): ApiParameter[] {
  if (!Array.isArray(value)) return [];
  const out: ApiParameter[] = [];
  for (const entry of value) {
    const p = object(entry);
    const name = text(p?.['name']);
    const where = p?.['in'];
    if (p === undefined || name === undefined || typeof where !== 'string' || !(LOCATIONS as readonly string[]).includes(where)) continue;
    // Path parameters are always required, whatever the document says.
    out.push({ name, in: where as ParameterLocation, required: where === 'path' || p['required'] === true });
  }
  return out;
}

/** A media type as `type/subtype`, lower case, without parameters; wildcards are not media types. */
function addMediaType(into: Set<string>, value: string): void {
  const type = value.split(';')[0]!.trim().toLowerCase();
  if (/^[a-z0-9][a-z0-9!#$&^_.+-]*\/[a-z0-9][a-z0-9!#$&^_.+-]*$/.test(type)) into.add(type);
}

function openApiServers(raw: Json, documentUrl: string | undefined): { servers: string[]; problems: string[] } {
  const all = Array.isArray(raw['servers']) && raw['servers'].length > 0 ? (raw['servers'] as unknown[]) : [{ url: '/' }];
  const declared = all.slice(0, MAX_SERVERS);
  const servers: string[] = [];
  const problems: string[] = all.length > MAX_SERVERS ? [`The document names ${all.length} servers; the first ${MAX_SERVERS} are read.`] : [];
  for (const entry of declared) {
    const server = object(entry);
    const template = text(server?.['url']);
    if (server === undefined || template === undefined) {
      problems.push('A server has no url.');
      continue;
    }
    const variables = object(server['variables']) ?? {};
    let missing: string | undefined;
    const expanded = template.replace(/\{([^{}]*)\}/g, (whole, name: string) => {
      const def = object(variables[name])?.['default'];
      if (typeof def === 'string' || typeof def === 'number') return String(def);
      missing ??= name;
      return whole;
    });
    if (missing !== undefined) {
      problems.push(`The server ${plain(template)} uses the variable {${plain(missing)}} without a default.`);
      continue;
    }
    addServer(expanded, documentUrl, servers, problems);
  }
  return { servers, problems };
}

function swaggerServers(raw: Json, documentUrl: string | undefined): { servers: string[]; problems: string[] } {
  const servers: string[] = [];
  const problems: string[] = [];
  const base = documentUrl !== undefined && /^https?:/i.test(documentUrl) ? new URL(documentUrl) : undefined;
  const host = text(raw['host']) ?? base?.host;
  if (host === undefined) {
    problems.push('The document has no host, and it was not read from an http(s) URL it could be relative to.');
    return { servers, problems };
  }
  let basePath = text(raw['basePath']) ?? '/';
  if (!basePath.startsWith('/')) basePath = `/${basePath}`;
  const declared = strings(raw['schemes']);
  const schemes = declared.length > 0 ? declared : [base?.protocol.replace(':', '') ?? 'https'];
  for (const scheme of schemes) {
    if (!/^(https?|wss?)$/i.test(scheme)) {
      problems.push(`The scheme ${plain(scheme)} is not a web scheme.`);
      continue;
    }
    addServer(`${scheme.toLowerCase()}://${host}${basePath}`, undefined, servers, problems);
  }
  return { servers, problems };
}

function addServer(url: string, documentUrl: string | undefined, servers: string[], problems: string[]): void {
  let absolute: URL;
  try {
    absolute = documentUrl !== undefined && /^https?:/i.test(documentUrl) ? new URL(url, documentUrl) : new URL(url);
  } catch {
    problems.push(`The server ${plain(url)} is not an absolute URL${documentUrl !== undefined && /^https?:/i.test(documentUrl) ? '' : ', and the document was not read from an http(s) URL it could be relative to'}.`);
    return;
  }
  if (!/^(https?|wss?):$/.test(absolute.protocol)) {
    problems.push(`The server ${plain(url)} is not an http(s) or ws(s) URL.`);
    return;
  }
  // An absolute URL is kept as written (`https://api.example.no`, not `…no/`); a relative one is resolved.
  const written = /^[a-z][a-z0-9+.-]*:\/\//i.test(url) && !/[\s<>"{}|\\^`]/.test(url) ? url : absolute.href;
  // A server named twice is kept once (the list is at most MAX_SERVERS long).
  if (!servers.includes(written)) servers.push(written);
}

function readTags(value: unknown, operations: readonly ApiOperation[]): ApiTag[] {
  const tags = new Map<string, ApiTag>();
  if (Array.isArray(value)) {
    for (const entry of value) {
      const tag = object(entry);
      const name = text(tag?.['name']);
      if (name === undefined || tags.has(name)) continue;
      const description = text(tag?.['description']);
      tags.set(name, { name, ...(description !== undefined ? { description } : {}) });
    }
  }
  for (const op of operations) for (const name of op.tags) if (!tags.has(name)) tags.set(name, { name });
  return [...tags.values()];
}

function readSecuritySchemes(spec: SpecVersion, doc: Json): ApiSecurityScheme[] {
  const declared = spec.family === 'swagger' ? object(doc['securityDefinitions']) : object(object(doc['components'])?.['securitySchemes']);
  const out: ApiSecurityScheme[] = [];
  for (const [name, value] of Object.entries(declared ?? {})) {
    const s = object(value);
    if (s === undefined) continue;
    const type = String(s['type'] ?? '').toLowerCase();
    const scheme = text(s['scheme'])?.toLowerCase();
    const kind =
      type === 'apikey' ? 'api-key'
      : type === 'basic' ? 'http-basic'
      : type === 'http' ? (scheme === 'basic' ? 'http-basic' : scheme === 'bearer' ? 'http-bearer' : 'http-other')
      : type === 'oauth2' ? 'oauth2'
      : type === 'openidconnect' ? 'openid-connect'
      : type === 'mutualtls' ? 'mutual-tls'
      : undefined;
    if (kind === undefined) continue;
    const description = text(s['description']);
    const where = text(s['in']);
    const parameterName = kind === 'api-key' ? text(s['name']) : undefined;
    const openIdConnectUrl = text(s['openIdConnectUrl']);
    out.push({
      name,
      kind,
      ...(description !== undefined ? { description } : {}),
      ...(kind === 'api-key' && where !== undefined ? { in: where } : {}),
      ...(parameterName !== undefined ? { parameterName } : {}),
      ...(type === 'http' && scheme !== undefined ? { scheme } : type === 'basic' ? { scheme: 'basic' } : {}),
      ...(kind === 'openid-connect' && openIdConnectUrl !== undefined ? { openIdConnectUrl } : {}),
    });
  }
  return out;
}

/**
 * True when some operation may be called without credentials: no security requirement applies to it
 * (neither its own nor the document's), or one of its alternatives is the empty requirement `{}`.
 */
function allowsAnonymous(doc: Json, operationCount: number): boolean {
  const global = doc['security'];
  const open = (requirements: unknown): boolean => !Array.isArray(requirements) || requirements.length === 0 || requirements.some((r) => Object.keys(object(r) ?? {}).length === 0);
  if (operationCount === 0) return open(global);
  for (const item of Object.values(object(doc['paths']) ?? {})) {
    for (const [key, op] of Object.entries(object(item) ?? {})) {
      if (!(HTTP_METHODS as readonly string[]).includes(key) || object(op) === undefined) continue;
      const own = object(op)!['security'];
      if (open(own !== undefined ? own : global)) return true;
    }
  }
  return false;
}

/** `info.x-language`, `x-language`, `info.x-lang`, `x-lang` or `x-locale`: a language tag such as `nb` or `en-GB`. */
function declaredLanguage(raw: Json, info: Json): string | undefined {
  for (const value of [info['x-language'], raw['x-language'], info['x-lang'], raw['x-lang'], info['x-locale'], raw['x-locale']]) {
    const tag = text(value)?.trim().replace('_', '-');
    if (tag !== undefined && /^[a-z]{2,3}(-[a-z0-9]{2,8})*$/i.test(tag)) return tag.toLowerCase();
  }
  return undefined;
}

function readContact(value: unknown): ApiContact | undefined {
  const c = object(value);
  if (c === undefined) return undefined;
  const name = text(c['name']);
  const email = text(c['email']);
  const url = text(c['url']);
  if (name === undefined && email === undefined && url === undefined) return undefined;
  return { ...(name !== undefined ? { name } : {}), ...(email !== undefined ? { email } : {}), ...(url !== undefined ? { url } : {}) };
}

function readLicense(value: unknown): ApiLicense | undefined {
  const l = object(value);
  if (l === undefined) return undefined;
  const name = text(l['name']);
  const url = text(l['url']);
  const identifier = text(l['identifier']);
  if (name === undefined && url === undefined && identifier === undefined) return undefined;
  return { ...(name !== undefined ? { name } : {}), ...(url !== undefined ? { url } : {}), ...(identifier !== undefined ? { identifier } : {}) };
}

function readExternalDocs(value: unknown): { url: string; description?: string } | undefined {
  const d = object(value);
  const url = text(d?.['url']);
  if (url === undefined) return undefined;
  const description = text(d?.['description']);
  return { url, ...(description !== undefined ? { description } : {}) };
}

function object(value: unknown): Json | undefined {
  return value !== null && typeof value === 'object' && !Array.isArray(value) ? (value as Json) : undefined;
}

function text(value: unknown): string | undefined {
  if (typeof value !== 'string') return undefined;
  const trimmed = value.trim();
  return trimmed === '' ? undefined : trimmed;
}

function versionText(value: unknown): string | undefined {
  if (typeof value === 'number' && Number.isFinite(value)) return String(value);
  return text(value);
}

function strings(value: unknown): string[] {
  if (!Array.isArray(value)) return [];
  return [...new Set(value.filter((v): v is string => typeof v === 'string' && v.trim() !== '').map((v) => v.trim()))];
}

function describeType(value: unknown): string {
  if (value === null) return 'empty (null)';
  if (value === undefined) return 'empty';
  if (Array.isArray(value)) return 'a list';
  if (typeof value === 'string') return value.trim() === '' ? 'empty' : 'plain text';
  return `a ${typeof value}`;
}

