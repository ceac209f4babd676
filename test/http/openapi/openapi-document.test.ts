import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import SwaggerParser from '@apidevtools/swagger-parser';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadConfig } from '../../../src/config/config.js';
import { silentLogger } from '../../../src/core/ports/logger.js';
import { startServer, type RunningServer } from '../../../src/main.js';
import { PROBLEM_CODES } from '../../../src/http/openapi/api-description.js';
import { HTTP_METHODS, type OpenApiDocument, type Parameter, type ParameterOrRef, type ResponseObject } from '../../../src/http/openapi/openapi-types.js';
import { serviceTestEnv } from '../../support/service-env.js';
import { appRoutes, openApiTemplate } from './app-routes.js';
import { shapeMismatches } from './documented-shape.js';

// /openapi.json against the service that serves it: every route the app has is described, nothing
// described is missing from the app, and swagger-parser finds the document valid OpenAPI 3.1.

let server: RunningServer;
let dataDir: string;
let document: OpenApiDocument;
let baseUrl: string;

beforeAll(async () => {
  dataDir = await mkdtemp(path.join(tmpdir(), 'dk-openapi-'));
  const config = loadConfig(serviceTestEnv(dataDir, 'http://127.0.0.1:9', 'test-token', { ORGANISATION_REGISTER_URL: 'off' }));
  baseUrl = config.baseUrl;
  server = await startServer(config, silentLogger);
  const response = await fetch(`${server.url}/openapi.json`);
  expect(response.status).toBe(200);
  expect(response.headers.get('content-type')).toMatch(/^application\/json/);
  document = (await response.json()) as OpenApiDocument;
}, 120_000);

afterAll(async () => {
  await server?.close();
  await rm(dataDir, { recursive: true, force: true });
});

function resolved(p: ParameterOrRef): Parameter {
  if (!('$ref' in p)) return p;
  const name = p.$ref.replace('#/components/parameters/', '');
  const found = document.components.parameters[name];
  if (found === undefined) throw new Error(`unresolved parameter ${p.$ref}`);
  return found;
}

/** Every `METHOD /path` the document describes, a path parameter with an enum (the record segment) expanded to each of its values. */
function describedRoutes(): Set<string> {
  const routes = new Set<string>();
  for (const [template, item] of Object.entries(document.paths)) {
    for (const method of HTTP_METHODS) {
      const operation = item[method];
      if (operation === undefined) continue;
      let concrete = [template];
      for (const p of [...(item.parameters ?? []), ...(operation.parameters ?? [])].map(resolved)) {
        const values = (p.schema as { enum?: string[] }).enum;
        if (p.in !== 'path' || values === undefined) continue;
        concrete = concrete.flatMap((t) => values.map((v) => t.replace(`{${p.name}}`, v)));
      }
      for (const c of concrete) routes.add(`${method.toUpperCase()} ${c}`);
    }
  }
  return routes;
}

describe('GET /openapi.json', () => {
  it('describes every route the app answers', () => {
    const actual = appRoutes(server.app);
    // The walk found the routes of every router, the portal's and the write routes included.
    expect(actual.size).toBeGreaterThan(50);
    expect(actual).toContain('PATCH /api/sources/{id}');
    expect(actual).toContain('GET /datasets/{id}');
    expect(actual).toContain('GET /openapi.json');
    const described = describedRoutes();
    expect([...actual].filter((r) => !described.has(r)).sort(), 'routes the document lacks').toEqual([]);
  });

  it('names no route the app does not answer', () => {
    const actual = appRoutes(server.app);
    expect([...describedRoutes()].filter((r) => !actual.has(r)).sort(), 'described routes the app lacks').toEqual([]);
  });

  it('is valid OpenAPI 3.1 according to swagger-parser', async () => {
    expect(document.openapi).toBe('3.1.0');
    // validate() dereferences in place: give it a copy.
    await expect(SwaggerParser.validate(structuredClone(document) as never)).resolves.toBeDefined();
  });

  it('names the server by its base URL', () => {
    expect(document.servers).toEqual([{ url: baseUrl }]);
  });

  it('gives every operation a unique operationId, a summary and a tag the document declares', () => {
    const tags = new Set(document.tags.map((t) => t.name));
    const ids: string[] = [];
    for (const item of Object.values(document.paths)) {
      for (const method of HTTP_METHODS) {
        const op = item[method];
        if (op === undefined) continue;
        ids.push(op.operationId);
        expect(op.summary.length, op.operationId).toBeGreaterThan(5);
        for (const tag of op.tags) expect(tags.has(tag), `${op.operationId}: tag ${tag}`).toBe(true);
      }
    }
    expect(new Set(ids).size).toBe(ids.length);
  });

  it('marks every write route (and the admin reads) with the bearer schemes and their 401 and 403 problems', () => {
    const guarded = ['POST /api/sources', 'PATCH /api/sources/{id}', 'DELETE /api/sources/{id}', 'POST /api/sources/{id}/pause', 'POST /api/sources/{id}/resume',
      'POST /api/sources/{id}/harvest', 'POST /api/tokens', 'GET /api/tokens', 'DELETE /api/tokens/{id}', 'GET /api/audit'];
    for (const [template, item] of Object.entries(document.paths)) {
      for (const method of HTTP_METHODS) {
        const op = item[method];
        if (op === undefined) continue;
        const key = `${method.toUpperCase()} ${template}`;
        if (!guarded.includes(key)) {
          expect(op.security, `${key} is public`).toBeUndefined();
          continue;
        }
        expect(op.security, key).toBeDefined();
        for (const requirement of op.security!) for (const scheme of Object.keys(requirement)) expect(document.components.securitySchemes[scheme], scheme).toBeDefined();
        expect(op.responses['401'], key).toEqual({ $ref: '#/components/responses/Unauthorized' });
        expect(op.responses['403'], key).toEqual({ $ref: '#/components/responses/Forbidden' });
      }
    }
    // Only system admins (API tokens) manage tokens; a JWT makes an organisation admin.
    expect(document.paths['/api/tokens']!.post!.security).toEqual([{ apiToken: [] }]);
    expect(document.paths['/api/sources/{id}']!.patch!.security).toEqual([{ apiToken: [] }, { jwt: [] }]);
  });

  it('answers errors of the JSON API as application/problem+json', () => {
    const responses = document.components.responses;
    for (const [template, item] of Object.entries(document.paths)) {
      for (const method of HTTP_METHODS) {
        const op = item[method];
        if (op === undefined || op.tags.includes('Portal')) continue;
        for (const [status, response] of Object.entries(op.responses)) {
          if (Number(status) < 400 || template === '/readyz') continue;
          const r: ResponseObject = '$ref' in response ? responses[response.$ref.replace('#/components/responses/', '')]! : response;
          expect(Object.keys(r.content ?? {}), `${method} ${template} ${status}`).toContain('application/problem+json');
        }
      }
    }
  });

  it('lists the problem codes the service publishes', () => {
    const described = (document.components.schemas.Problem as { description: string }).description;
    for (const code of ['not-found', 'token-expired', 'source-paused', 'query-timeout', 'unknown-profile', 'malformed-body']) expect(PROBLEM_CODES).toContain(code);
    for (const code of PROBLEM_CODES) expect(described).toContain(code);
  });
});

describe('openApiTemplate', () => {
  it('turns express parameters and wildcards into OpenAPI templates', () => {
    expect(openApiTemplate('/api/sources/:id/runs')).toBe('/api/sources/{id}/runs');
    expect(openApiTemplate('/sources/:id/{*rest}')).toBe('/sources/{id}/{rest}');
  });
});

describe('the responses the service sends', () => {
  /** The documented schema of a 200 (or `status`) JSON response of an operation. */
  function documented(template: string, method: 'get' | 'post', status = '200'): Record<string, unknown> {
    const response = document.paths[template]?.[method]?.responses[status] as ResponseObject | undefined;
    const schema = response?.content?.['application/json']?.schema;
    if (schema === undefined) throw new Error(`${method.toUpperCase()} ${template} documents no JSON ${status}`);
    return schema as Record<string, unknown>;
  }
  const components = (): Record<string, Record<string, unknown>> => document.components.schemas as Record<string, Record<string, unknown>>;
  const call = async (pathname: string, init: RequestInit = {}): Promise<unknown> => {
    const res = await fetch(`${server.url}${pathname}`, init);
    expect(res.status, pathname).toBeLessThan(300);
    return res.json();
  };

  it('have the shapes the description gives them (health, changes, search both ways, sources and their runs, relations)', async () => {
    const admin = { Authorization: 'Bearer test-token', 'Content-Type': 'application/json' };
    // A source whose harvest fails (nothing listens on port 9): a run with an end, a problem and an error.
    const created = (await call('/api/sources', { method: 'POST', headers: admin, body: JSON.stringify({ url: 'https://127.0.0.1:9/catalog.ttl', publisher: '974760673' }) })) as { id: string };
    const checks: [string, unknown, Record<string, unknown>][] = [
      ['GET /health', await call('/health'), documented('/health', 'get')],
      ['GET /api/changes', await call('/api/changes?after=0'), documented('/api/changes', 'get')],
      ['GET /api/search', await call('/api/search?q='), documented('/api/search', 'get')],
      ['POST /api/search', await call('/api/search', { method: 'POST', headers: { 'Content-Type': 'application/json' }, body: '{}' }), documented('/api/search', 'post')],
      ['POST /api/sources/{id}/harvest?wait=true', await call(`/api/sources/${created.id}/harvest?wait=true`, { method: 'POST', headers: admin }), documented('/api/sources/{id}/harvest', 'post')],
      ['GET /api/sources/{id}', await call(`/api/sources/${created.id}`), documented('/api/sources/{id}', 'get')],
    ];
    const run = checks[4]![1] as { state: string; endedAt?: string; problems: unknown[] };
    expect(run.state).toBe('failed');
    expect(run.endedAt).toEqual(expect.any(String));
    expect(run.problems.length).toBeGreaterThan(0);
    for (const [name, body, schema] of checks) expect(shapeMismatches(body, schema, components()), name).toEqual([]);
    // The check itself: a body off the description is told.
    expect(shapeMismatches({ cursor: 1 }, documented('/api/changes', 'get'), components())).toEqual(['$.cursor: 1 is not string']);
  });
});
