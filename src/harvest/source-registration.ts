import { BadRequestError } from '../core/errors.js';
import type { HarvestSource } from '../core/harvest-source.js';
import { organisationNumberProblem } from '../core/organisation-number.js';
import type { Harvester } from '../core/ports/harvester.js';
import { declaredProfiles } from '../core/validation-profiles.js';
import { uuidV3 } from '../rdf/uuid-v3.js';

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
    createdAt: rules.now().toISOString(),
  };
}

/** The source kinds of the installed harvesters, each with the profiles a source of that kind may choose. */
export function sourceKindsOf(harvesters: ReadonlyMap<string, Harvester>): ReadonlyMap<string, readonly string[]> {
  return new Map([...harvesters].map(([kind, h]) => [kind, declaredProfiles(h.profiles)]));
}
