import { BadRequestError } from '../core/errors.js';
import type { HarvestSource } from '../core/harvest-source.js';
import { organisationNumberProblem } from '../core/organisation-number.js';
import type { Harvester } from '../core/ports/harvester.js';
import { declaredProfiles } from '../core/validation-profiles.js';
import { uuidV3 } from '../rdf/uuid-v3.js';
import { excessUrlBytes, MAX_URL_BYTES } from '../core/url-length.js';

/** What a publisher sends to register a source (HTTP body or CLI flags). */
export interface SourceRegistration {
  readonly url?: unknown;
  readonly kind?: unknown;
  readonly publisher?: unknown;
  readonly name?: unknown;
  readonly accept?: unknown;
  readonly quarantineInvalid?: unknown;
  readonly timeoutMs?: unknown;
  readonly profile?: unknown;
  readonly followEndpointDescriptions?: unknown;
  readonly intervalMs?: unknown;
  readonly active?: unknown;
  /** `{ header?: "Authorization", value: "Bearer …" }`: sealed by the caller, never stored as given. */
  readonly authentication?: unknown;
}

/** The shortest and longest harvest interval a source may set. */
const MIN_INTERVAL_MS = 60_000;
const MAX_INTERVAL_MS = 366 * 86_400_000;

/** Header names a source's authentication may not use: they frame the request or are the fetcher's own. */
const RESERVED_HEADERS = new Set(['host', 'content-length', 'transfer-encoding', 'connection', 'upgrade', 'te', 'trailer', 'keep-alive', 'proxy-connection', 'accept', 'accept-encoding', 'user-agent', 'if-none-match', 'if-modified-since']);

/** A source's authentication header as given, once checked; `null` asks to remove it (PATCH). */
export type AuthenticationInput = { readonly header: string; readonly value: string } | null;

/** Checks `authentication` of a registration or patch; pushes problems, returns undefined when absent or wrong. */
export function readAuthentication(value: unknown, problems: string[], allowNull: boolean): AuthenticationInput | undefined {
  if (value === undefined) return undefined;
  if (value === null) {
    if (allowNull) return null;
    problems.push('authentication must be an object {"header": "Authorization", "value": "…"}.');
    return undefined;
  }
  if (typeof value !== 'object' || Array.isArray(value)) {
    problems.push('authentication must be an object {"header": "Authorization", "value": "…"}.');
    return undefined;
  }
  const { header = 'Authorization', value: secret, ...rest } = value as Record<string, unknown>;
  const before = problems.length;
  if (Object.keys(rest).length > 0) problems.push(`authentication has only "header" and "value" (not ${Object.keys(rest).slice(0, 3).join(', ')}).`);
  if (typeof header !== 'string' || !/^[!#$%&'*+.^_`|~0-9A-Za-z-]{1,100}$/.test(header)) problems.push('authentication.header must be an HTTP header name, e.g. "Authorization" or "X-API-Key".');
  else if (RESERVED_HEADERS.has(header.toLowerCase())) problems.push(`authentication.header may not be ${header}: the harvester sets that header itself.`);
  if (typeof secret !== 'string' || secret.trim() === '' || secret.length > 4096 || /[\r\n\0]/.test(secret)) problems.push('authentication.value must be a single-line header value of at most 4096 characters.');
  return problems.length > before ? undefined : { header: header as string, value: secret as string };
}

export interface RegistrationRules {
  /** Accept a local file path as the URL (the CLI only). */
  readonly allowLocalPath: boolean;
  /**
   * The installed source kinds (harvesters/registry.ts), each with the validation profiles a source of
   * that kind may choose (every profile its harvester declares). The first kind is the default.
   */
  readonly sourceKinds: ReadonlyMap<string, readonly string[]>;
  readonly now: () => Date;
}

/**
 * Checks a registration and builds the source, reporting every problem at once
 * (BadRequestError with `problems`). The id is stable: the same kind, URL and publisher give the same source.
 */
export function buildSource(input: SourceRegistration, rules: RegistrationRules): HarvestSource {
  const problems: string[] = [];
  const url = typeof input.url === 'string' ? input.url.trim() : '';
  if (url === '') problems.push('url is required: the address of the catalog document (http or https).');
  else if (!rules.allowLocalPath || /^[a-z][a-z0-9+.-]*:/i.test(url)) {
    let parsed: URL | undefined;
    try {
      parsed = new URL(url);
    } catch {
      problems.push(`url "${url}" is not an absolute URL.`);
    }
    if (parsed && parsed.protocol !== 'http:' && parsed.protocol !== 'https:') problems.push(`url "${url}" must use http or https (not ${parsed.protocol.replace(':', '')}).`);
    if (parsed && (parsed.username || parsed.password)) problems.push('url must not contain a user name or password.');
    const bytes = parsed === undefined ? undefined : excessUrlBytes(parsed.href);
    if (bytes !== undefined) problems.push(`url is ${bytes} bytes long; the catalog fetches URLs of at most ${MAX_URL_BYTES} bytes.`);
  }
  const kinds = [...rules.sourceKinds.keys()];
  const kind = typeof input.kind === 'string' ? input.kind : (kinds[0] ?? '');
  const profiles = rules.sourceKinds.get(kind);
  if (profiles === undefined) problems.push(`kind "${kind}" is not supported; use one of: ${kinds.join(', ')}.`);
  const publisher = typeof input.publisher === 'string' ? input.publisher.replace(/\s+/g, '') : '';
  if (publisher === '') problems.push("publisher is required: the publisher's 9-digit organisation number.");
  else {
    const p = organisationNumberProblem(publisher);
    if (p) problems.push(`publisher: ${p}`);
  }
  if (input.name !== undefined && (typeof input.name !== 'string' || input.name.trim() === '' || input.name.length > 200)) {
    problems.push('name must be a text of 1 to 200 characters.');
  }
  if (input.accept !== undefined && (typeof input.accept !== 'string' || input.accept.length > 500 || /[\r\n]/.test(input.accept))) {
    problems.push('accept must be a single-line Accept header value (at most 500 characters).');
  }
  if (input.quarantineInvalid !== undefined && typeof input.quarantineInvalid !== 'boolean') problems.push('quarantineInvalid must be true or false.');
  if (input.timeoutMs !== undefined && (typeof input.timeoutMs !== 'number' || !Number.isInteger(input.timeoutMs) || input.timeoutMs < 1000 || input.timeoutMs > 3_600_000)) {
    problems.push('timeoutMs must be a whole number of milliseconds between 1000 and 3600000.');
  }
  if (input.followEndpointDescriptions !== undefined && typeof input.followEndpointDescriptions !== 'boolean') problems.push('followEndpointDescriptions must be true or false.');
  if (input.intervalMs !== undefined && (typeof input.intervalMs !== 'number' || !Number.isInteger(input.intervalMs) || input.intervalMs < MIN_INTERVAL_MS || input.intervalMs > MAX_INTERVAL_MS)) {
    problems.push(`intervalMs must be a whole number of milliseconds between ${MIN_INTERVAL_MS} (a minute) and ${MAX_INTERVAL_MS} (366 days).`);
  }
  if (input.active !== undefined && typeof input.active !== 'boolean') problems.push('active must be true or false.');
  readAuthentication(input.authentication, problems, false);
  if (input.profile !== undefined) {
    // A profile applies to record kinds: a source may pick only one its harvester declares.
    const allowed = profiles ?? [...new Set([...rules.sourceKinds.values()].flat())];
    if (typeof input.profile !== 'string' || !allowed.includes(input.profile)) {
      problems.push(`profile must be one of the profiles of ${profiles !== undefined ? `${kind} sources` : 'any source kind'}: ${allowed.join(', ')}.`);
    }
  }
  if (problems.length > 0) throw new BadRequestError(problems.join(' '), { problems });
  return {
    id: uuidV3(`${kind}\n${url}\n${publisher}`),
    url,
    kind,
    publisher,
    ...(typeof input.name === 'string' ? { name: input.name.trim() } : {}),
    ...(typeof input.accept === 'string' ? { accept: input.accept } : {}),
    quarantineInvalid: input.quarantineInvalid === true,
    ...(typeof input.timeoutMs === 'number' ? { timeoutMs: input.timeoutMs } : {}),
    ...(typeof input.profile === 'string' ? { profile: input.profile } : {}),
    ...(typeof input.followEndpointDescriptions === 'boolean' ? { followEndpointDescriptions: input.followEndpointDescriptions } : {}),
    ...(typeof input.intervalMs === 'number' ? { intervalMs: input.intervalMs } : {}),
    ...(input.active === false ? { active: false } : {}),
    createdAt: rules.now().toISOString(),
  };
}

/** What a publisher may change of a source (PATCH); `null` removes an optional setting. */
const PATCHABLE = new Set(['name', 'url', 'accept', 'intervalMs', 'profile', 'quarantineInvalid', 'active', 'timeoutMs', 'followEndpointDescriptions', 'authentication']);
const REMOVABLE = new Set(['name', 'accept', 'intervalMs', 'profile', 'timeoutMs', 'followEndpointDescriptions', 'authentication']);

/**
 * A source with a patch applied, checked by the rules of registration (every problem at once). The
 * source keeps its id, kind, publisher and registration date; its authentication is the caller's to
 * seal (`authentication` in the result: the new header, null to remove it, undefined to keep it).
 */
export function applySourcePatch(source: HarvestSource, patch: Readonly<Record<string, unknown>>, rules: RegistrationRules): { source: HarvestSource; authentication: AuthenticationInput | undefined } {
  const problems: string[] = [];
  const fixed = Object.keys(patch).filter((k) => !PATCHABLE.has(k));
  if (fixed.length > 0) {
    problems.push(`${fixed.slice(0, 5).join(', ')} cannot be changed${fixed.some((k) => k === 'publisher' || k === 'kind') ? ' (a source of another publisher or kind is a new source: register it)' : ''}; a source's ${[...PATCHABLE].join(', ')} can.`);
  }
  for (const [k, v] of Object.entries(patch)) if (v === null && !REMOVABLE.has(k)) problems.push(`${k} cannot be removed, only changed.`);
  const authentication = readAuthentication(patch.authentication, problems, true);
  const { id: _id, createdAt: _created, authentication: _auth, ...current } = source;
  const merged: Record<string, unknown> = { ...current };
  for (const [k, v] of Object.entries(patch)) {
    if (k === 'authentication' || !PATCHABLE.has(k)) continue;
    if (v === null) delete merged[k];
    else merged[k] = v;
  }
  let built: HarvestSource | undefined;
  try {
    built = buildSource(merged, rules);
  } catch (error) {
    if (!(error instanceof BadRequestError)) throw error;
    problems.push(...((error.extra.problems as string[] | undefined) ?? [error.message]));
  }
  if (problems.length > 0 || built === undefined) throw new BadRequestError(problems.join(' '), { problems });
  const { id: _newId, createdAt: _newCreated, ...settings } = built;
  return {
    source: { ...settings, id: source.id, createdAt: source.createdAt, ...(source.authentication !== undefined ? { authentication: source.authentication } : {}) },
    authentication,
  };
}

/** The source kinds of the installed harvesters, each with the profiles a source of that kind may choose. */
export function sourceKindsOf(harvesters: ReadonlyMap<string, Harvester>): ReadonlyMap<string, readonly string[]> {
  return new Map([...harvesters].map(([kind, h]) => [kind, declaredProfiles(h.profiles)]));
}
