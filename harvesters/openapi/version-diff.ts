import type { Quad } from '@rdfjs/types';
import { DK_API, OWL } from '../../src/rdf/namespaces.js';
import type { ApiDescription, ParameterLocation } from './api-description.js';

/** What a version diff needs of an API: its version and its operations with their parameters. */
export interface ApiSignature {
  readonly version?: string;
  readonly operations: readonly OperationSignature[];
}

export interface OperationSignature {
  readonly method: string;
  readonly path: string;
  readonly parameters: readonly { readonly name: string; readonly in: string; readonly required: boolean }[];
}

export interface RequiredParameterChange {
  /** `GET /enheter/{id}` */
  readonly operation: string;
  readonly parameter: string;
  readonly in: string;
  /** `new`: a parameter the operation did not have, required from the start; `became-required`: it was optional. */
  readonly change: 'new' | 'became-required';
}

export interface ApiChanges {
  readonly versionBefore?: string;
  readonly versionAfter?: string;
  /** Operations as `METHOD /path`, in the new document's order. */
  readonly added: readonly string[];
  /** Operations as `METHOD /path`, in the old document's order. Breaking. */
  readonly removed: readonly string[];
  /** Breaking: a client that worked before now fails without it. */
  readonly newlyRequired: readonly RequiredParameterChange[];
  readonly breaking: boolean;
}

export function signatureOf(api: ApiDescription): ApiSignature {
  return {
    ...(api.version !== undefined ? { version: api.version } : {}),
    operations: api.operations.map((o) => ({ method: o.method.toUpperCase(), path: o.path, parameters: o.parameters })),
  };
}

/**
 * Reads the signature back from a stored data-service record (the operations written by
 * `dataServiceQuads`), so a new harvest can be compared with the published version without keeping
 * anything beside the record.
 */
export function signatureFromRecord(serviceIri: string, quads: readonly Quad[]): ApiSignature {
  const bySubject = new Map<string, Quad[]>();
  for (const q of quads) {
    const list = bySubject.get(q.subject.value);
    if (list === undefined) bySubject.set(q.subject.value, [q]);
    else list.push(q);
  }
  const value = (subject: string, predicate: string): string | undefined => bySubject.get(subject)?.find((q) => q.predicate.value === predicate)?.object.value;
  const objects = (subject: string, predicate: string): string[] => (bySubject.get(subject) ?? []).filter((q) => q.predicate.value === predicate).map((q) => q.object.value);
  const position = (subject: string): number => Number(value(subject, DK_API.position) ?? Number.MAX_SAFE_INTEGER);
  const operations = objects(serviceIri, DK_API.operation)
    .sort((a, b) => position(a) - position(b))
    .flatMap((op) => {
      const method = value(op, DK_API.httpMethod);
      const path = value(op, DK_API.pathTemplate);
      if (method === undefined || path === undefined) return [];
      const parameters = objects(op, DK_API.parameter)
        .sort((a, b) => position(a) - position(b))
        .flatMap((p) => {
          const name = value(p, DK_API.parameterName);
          const where = value(p, DK_API.parameterLocation) as ParameterLocation | undefined;
          return name !== undefined && where !== undefined ? [{ name, in: where, required: value(p, DK_API.required) === 'true' }] : [];
        });
      return [{ method, path, parameters }];
    });
  const version = value(serviceIri, OWL.versionInfo);
  return { ...(version !== undefined ? { version } : {}), operations };
}

/**
 * What changed from one version of an API to the next: operations added and removed, parameters that
 * became required (or arrived required), the version before and after. Removed operations and newly
 * required parameters break clients that worked before.
 */
export function apiChanges(before: ApiSignature, after: ApiSignature): ApiChanges {
  const key = (o: OperationSignature): string => `${o.method.toUpperCase()} ${o.path}`;
  const old = new Map(before.operations.map((o) => [key(o), o]));
  const now = new Map(after.operations.map((o) => [key(o), o]));
  const added = [...now.keys()].filter((k) => !old.has(k));
  const removed = [...old.keys()].filter((k) => !now.has(k));
  const newlyRequired: RequiredParameterChange[] = [];
  for (const [k, op] of now) {
    const previous = old.get(k);
    if (previous === undefined) continue;
    // By place and name, read once per operation (searched per parameter, P new ones against P old took P² steps).
    const previousByKey = new Map<string, (typeof previous.parameters)[number]>();
    for (const q of previous.parameters) if (!previousByKey.has(`${q.in}\u0000${q.name}`)) previousByKey.set(`${q.in}\u0000${q.name}`, q);
    for (const p of op.parameters) {
      if (!p.required) continue;
      const was = previousByKey.get(`${p.in}\u0000${p.name}`);
      if (was === undefined) newlyRequired.push({ operation: k, parameter: p.name, in: p.in, change: 'new' });
      else if (!was.required) newlyRequired.push({ operation: k, parameter: p.name, in: p.in, change: 'became-required' });
    }
  }
  return {
    ...(before.version !== undefined ? { versionBefore: before.version } : {}),
    ...(after.version !== undefined ? { versionAfter: after.version } : {}),
    added,
    removed,
    newlyRequired,
    breaking: removed.length > 0 || newlyRequired.length > 0,
  };
}

/** True when nothing a client could notice changed (the version string included). */
export function isUnchanged(changes: ApiChanges): boolean {
  return changes.added.length === 0 && changes.removed.length === 0 && changes.newlyRequired.length === 0 && changes.versionBefore === changes.versionAfter;
}

/** The changes in one plain sentence for a run report: `Version 1.0 → 2.0: 1 operation added (…); BREAKING: …`. */
export function describeChanges(changes: ApiChanges): string {
  const parts: string[] = [];
  if (changes.versionBefore !== changes.versionAfter) parts.push(`version ${changes.versionBefore ?? '(none)'} → ${changes.versionAfter ?? '(none)'}`);
  if (changes.added.length > 0) parts.push(`${count(changes.added.length, 'operation')} added (${list(changes.added)})`);
  if (changes.removed.length > 0) parts.push(`BREAKING: ${count(changes.removed.length, 'operation')} removed (${list(changes.removed)})`);
  if (changes.newlyRequired.length > 0) {
    parts.push(
      `BREAKING: ${count(changes.newlyRequired.length, 'parameter')} now required (${list(changes.newlyRequired.map((c) => `${c.in} parameter "${c.parameter}" of ${c.operation}${c.change === 'new' ? ', new' : ''}`))})`,
    );
  }
  if (parts.length === 0) return 'The API description changed, but not its operations, required parameters or version.';
  const sentence = parts.join('; ');
  return `${sentence.charAt(0).toUpperCase()}${sentence.slice(1)}.`;
}

function count(n: number, noun: string): string {
  return `${n} ${noun}${n === 1 ? '' : 's'}`;
}

function list(items: readonly string[]): string {
  return items.length <= 10 ? items.join(', ') : `${items.slice(0, 10).join(', ')} and ${items.length - 10} more`;
}
