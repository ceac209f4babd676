import { readdirSync, readFileSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import path from 'node:path';
import express from 'express';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import * as errors from '../../src/core/errors.js';
import type { AppError } from '../../src/core/errors.js';
import { silentLogger } from '../../src/core/ports/logger.js';
import { PROBLEM_CODES } from '../../src/http/openapi/api-description.js';
import { problemOf, problemRenderer } from '../../src/http/problem-renderer.js';
import { UnknownProfileError } from '../../src/validation/profiles.js';

/**
 * The problem `type` URIs are public: clients match on them. These are pinned here, written out in
 * full, so that neither renaming an error class nor changing the problem base goes unnoticed.
 * A new error class is added here with its code; a published code is never changed or reused.
 */
const PUBLISHED: readonly (readonly [AppError, string])[] = [
  [new errors.BadRequestError('m'), 'https://w3id.org/datakatalog/problems/bad-request'],
  [new errors.UnauthorizedError('m'), 'https://w3id.org/datakatalog/problems/unauthorized'],
  [new errors.ForbiddenError('m'), 'https://w3id.org/datakatalog/problems/forbidden'],
  [new errors.NotFoundError('m'), 'https://w3id.org/datakatalog/problems/not-found'],
  [new errors.MethodNotAllowedError('m'), 'https://w3id.org/datakatalog/problems/method-not-allowed'],
  [new errors.NotAcceptableError('m'), 'https://w3id.org/datakatalog/problems/not-acceptable'],
  [new errors.ConflictError('m'), 'https://w3id.org/datakatalog/problems/conflict'],
  [new errors.GoneError('m'), 'https://w3id.org/datakatalog/problems/gone'],
  [new errors.PayloadTooLargeError('m'), 'https://w3id.org/datakatalog/problems/payload-too-large'],
  [new errors.UnsupportedMediaTypeError('m'), 'https://w3id.org/datakatalog/problems/unsupported-media-type'],
  [new errors.QueryTimeoutError('m'), 'https://w3id.org/datakatalog/problems/query-timeout'],
  [new errors.ServiceUnavailableError('m'), 'https://w3id.org/datakatalog/problems/service-unavailable'],
  [new errors.ResultTooLargeError('m'), 'https://w3id.org/datakatalog/problems/result-too-large'],
  [new errors.TooManyRequestsError('m'), 'https://w3id.org/datakatalog/problems/too-many-requests'],
  [new errors.QueryMemoryError('m'), 'https://w3id.org/datakatalog/problems/query-memory-exceeded'],
  [new errors.FederatedEndpointError('m'), 'https://w3id.org/datakatalog/problems/federated-endpoint-failed'],
  [new UnknownProfileError('no-such-profile'), 'https://w3id.org/datakatalog/problems/unknown-profile'],
  [new errors.InvalidTokenError('m'), 'https://w3id.org/datakatalog/problems/invalid-token'],
  [new errors.TokenExpiredError('m'), 'https://w3id.org/datakatalog/problems/token-expired'],
  [new errors.TokenRevokedError('m'), 'https://w3id.org/datakatalog/problems/token-revoked'],
  [new errors.NotPermittedError('m'), 'https://w3id.org/datakatalog/problems/not-permitted'],
  [new errors.InvalidOrganisationNumberError('m'), 'https://w3id.org/datakatalog/problems/invalid-organisation-number'],
  [new errors.UnknownOrganisationError('m'), 'https://w3id.org/datakatalog/problems/unknown-organisation'],
  [new errors.OrganisationRegisterUnavailableError('m'), 'https://w3id.org/datakatalog/problems/organisation-register-unavailable'],
  [new errors.SourcePausedError('m'), 'https://w3id.org/datakatalog/problems/source-paused'],
  [new errors.SourceSecretsUnavailableError('m'), 'https://w3id.org/datakatalog/problems/source-secrets-unavailable'],
];

/** Errors that body parsers and express raise (http-errors `type`s), and the problem each becomes. */
const LIBRARY_PUBLISHED: readonly (readonly [{ status: number; type?: string; expose: boolean }, string])[] = [
  [{ status: 413, type: 'entity.too.large', expose: true }, 'https://w3id.org/datakatalog/problems/payload-too-large'],
  [{ status: 400, type: 'entity.parse.failed', expose: true }, 'https://w3id.org/datakatalog/problems/malformed-body'],
  [{ status: 415, type: 'charset.unsupported', expose: true }, 'https://w3id.org/datakatalog/problems/unsupported-charset'],
  [{ status: 415, type: 'encoding.unsupported', expose: true }, 'https://w3id.org/datakatalog/problems/unsupported-encoding'],
  [{ status: 413, type: 'parameters.too.many', expose: true }, 'https://w3id.org/datakatalog/problems/too-many-parameters'],
  [{ status: 400, type: 'request.aborted', expose: true }, 'https://w3id.org/datakatalog/problems/request-aborted'],
  [{ status: 400, type: 'request.size.invalid', expose: true }, 'https://w3id.org/datakatalog/problems/content-length-mismatch'],
  [{ status: 400, expose: true }, 'https://w3id.org/datakatalog/problems/bad-request'],
];

const ROOT = path.resolve(import.meta.dirname, '../..');

function sourceFiles(dir: string): string[] {
  return readdirSync(dir, { recursive: true, encoding: 'utf8' })
    .filter((f) => f.endsWith('.ts') || f.endsWith('.tsx'))
    .map((f) => path.join(dir, f));
}

/** Every class in src/ and harvesters/ that descends from AppError, by reading the sources (`class X extends Y`). */
function appErrorClassesInTheTree(): Set<string> {
  const parents = new Map<string, string>();
  for (const file of [...sourceFiles(path.join(ROOT, 'src')), ...sourceFiles(path.join(ROOT, 'harvesters'))]) {
    for (const m of readFileSync(file, 'utf8').matchAll(/\bclass\s+(\w+)\s+extends\s+([\w.]+)/g)) parents.set(m[1]!, m[2]!.split('.').pop()!);
  }
  const descends = (name: string, seen = new Set<string>()): boolean => {
    const parent = parents.get(name);
    if (parent === undefined || seen.has(name)) return false;
    seen.add(name);
    return parent === 'AppError' || descends(parent, seen);
  };
  return new Set([...parents.keys()].filter((name) => descends(name)));
}

describe('problem codes', () => {
  it('lists every published code, and only those, in the OpenAPI description (/openapi.json)', () => {
    const published = [...PUBLISHED.map(([, uri]) => uri), ...LIBRARY_PUBLISHED.map(([, uri]) => uri), 'https://w3id.org/datakatalog/problems/internal']
      .map((uri) => uri.slice(uri.lastIndexOf('/') + 1));
    expect([...new Set(PROBLEM_CODES)].sort()).toEqual([...new Set(published)].sort());
  });

  it('pins the public type URI of every application error', () => {
    expect(PUBLISHED.length).toBeGreaterThan(0);
    for (const [error, type] of PUBLISHED) expect({ error: error.constructor.name, type: problemOf(error).type }).toEqual({ error: error.constructor.name, type });
  });

  it('gives every application error class in the tree a pinned code (the body-parser problems are pinned below)', () => {
    const inTree = appErrorClassesInTheTree();
    inTree.delete('LibraryProblem');
    expect(inTree.size).toBeGreaterThanOrEqual(PUBLISHED.length);
    expect([...inTree].sort()).toEqual(PUBLISHED.map(([error]) => error.constructor.name).sort());
  });

  it('gives each class a code of its own: a subclass never inherits its parent’s', () => {
    const codes = PUBLISHED.map(([error]) => error.code);
    expect(new Set(codes).size).toBe(codes.length);
    for (const code of codes) expect(code).toMatch(/^[a-z]+(-[a-z]+)*$/);
  });

  it('keeps the type URI when a class is renamed: the code, not the class name, makes it', () => {
    const Renamed = class EntirelyDifferentName extends errors.NotFoundError {};
    const problem = problemOf(new Renamed('m'));
    expect(problem.type).toBe('https://w3id.org/datakatalog/problems/not-found');
    expect(new Renamed('m').name).toBe('EntirelyDifferentName');
  });

  describe('of errors raised by body parsers and express', () => {
    let server: Server;
    let url: string;
    beforeAll(async () => {
      const app = express();
      app.get('/raise/:index', (req) => {
        const [error] = LIBRARY_PUBLISHED[Number(req.params.index)]!;
        throw Object.assign(new Error('library message'), error);
      });
      app.use(problemRenderer(silentLogger));
      server = createServer(app);
      await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
      url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
    });
    afterAll(async () => {
      server.closeAllConnections();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    });

    it('pins the type URI each becomes', async () => {
      expect(LIBRARY_PUBLISHED.length).toBeGreaterThan(0);
      for (const [index, [error, type]] of LIBRARY_PUBLISHED.entries()) {
        const res = await fetch(`${url}/raise/${index}`);
        expect(res.status).toBe(error.status);
        expect({ library: error.type, type: ((await res.json()) as { type: string }).type }).toEqual({ library: error.type, type });
      }
    });
  });

  it('renders an unexpected failure as the internal problem', async () => {
    const app = express();
    app.get('/', () => {
      throw new TypeError('boom');
    });
    app.use(problemRenderer(silentLogger));
    const server = createServer(app);
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    try {
      const res = await fetch(`http://127.0.0.1:${(server.address() as AddressInfo).port}/`);
      expect(res.status).toBe(500);
      expect(((await res.json()) as { type: string }).type).toBe('https://w3id.org/datakatalog/problems/internal');
    } finally {
      server.closeAllConnections();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    }
  });
});
