import express from 'express';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import * as errors from '../../src/core/errors.js';
import { AppError } from '../../src/core/errors.js';
import type { Logger } from '../../src/core/ports/logger.js';
import { StalledSparqlIndex } from './support/stalled-sparql-index.js';
import { loadCatalog, type LoadedCatalog } from './support/loaded-catalog.js';
import { startApp, type RunningApp } from './support/test-server.js';

/** Every concrete AppError class in src/core/errors.ts, found by reflection so a new one is covered too. */
type ConcreteError = new (message: string, extra?: Record<string, unknown>) => AppError;
const ERROR_CLASSES = Object.entries(errors)
  .filter(([, value]) => typeof value === 'function' && value.prototype instanceof AppError)
  .map(([name, value]) => [name, value as unknown as ConcreteError] as const);

/** A logger that keeps what it was given, to see that stacks go to the log and not to the client. */
function recordingLogger(): Logger & { entries: { level: string; obj: unknown; msg?: string }[] } {
  const entries: { level: string; obj: unknown; msg?: string }[] = [];
  const log =
    (level: string) =>
    (obj: object | string, msg?: string): void => {
      entries.push({ level, obj, ...(msg === undefined ? {} : { msg }) });
    };
  const logger = { entries, debug: log('debug'), info: log('info'), warn: log('warn'), error: log('error'), child: () => logger };
  return logger;
}

describe('problem rendering (application/problem+json, RFC 9457)', () => {
  let catalog: LoadedCatalog;
  let app: RunningApp;
  const logger = recordingLogger();

  beforeAll(async () => {
    catalog = await loadCatalog();
    const router = express.Router();
    router.get('/throw/:name', (req) => {
      const found = ERROR_CLASSES.find(([name]) => name === req.params.name);
      if (found === undefined) throw new Error('no such class');
      const [, ErrorClass] = found;
      throw new ErrorClass(`A ${req.params.name} happened.`, { hint: 'extra member', status: 999, allow: ['GET'] });
    });
    router.get('/crash', () => {
      throw new TypeError('Cannot read properties of undefined (reading secretInternalField)');
    });
    router.get('/crash-async', async () => {
      await Promise.resolve();
      throw new Error('database file is locked at /var/secret/path');
    });
    router.post('/echo', (req, res) => {
      res.json({ got: req.body as unknown });
    });
    app = await startApp({
      store: catalog.store,
      sparql: new StalledSparqlIndex(),
      sparqlTimeoutMs: 5000,
      maxQueryLength: 10_000,
      logger,
      jsonLimit: 1024,
      routers: [{ path: '/test', router, json: true }],
    });
  });
  afterAll(async () => {
    await app.close();
    await catalog.close();
  });

  it('covers every error class of src/core/errors.ts', () => {
    expect(ERROR_CLASSES.map(([name]) => name)).toEqual(
      expect.arrayContaining(['BadRequestError', 'NotFoundError', 'GoneError', 'QueryTimeoutError', 'ServiceUnavailableError', 'MethodNotAllowedError']),
    );
  });

  for (const [name, ErrorClass] of ERROR_CLASSES) {
    it(`renders ${name} with its status, title and extra members`, async () => {
      const sample = new ErrorClass('x');
      const res = await fetch(`${app.url}/test/throw/${name}`);
      expect(res.status).toBe(sample.status);
      expect(res.headers.get('content-type')).toBe('application/problem+json; charset=utf-8');
      const body = (await res.json()) as Record<string, unknown>;
      expect(body).toMatchObject({
        title: sample.title,
        status: sample.status,
        detail: `A ${name} happened.`,
        instance: `/test/throw/${name}`,
        hint: 'extra member',
        requestId: res.headers.get('x-request-id'),
      });
      // Reserved members are never overwritten by extras.
      expect(body.status).toBe(sample.status);
      expect(body.type).toMatch(/^https:\/\/w3id\.org\/datakatalog\/problems\/[a-z-]+$/);
      expect(body.type).not.toMatch(/-error$/);
      if (sample.status === 405) expect(res.headers.get('allow')).toBe('GET');
    });
  }

  it('gives the time-limit problem a type of its own', async () => {
    const body = (await (await fetch(`${app.url}/test/throw/QueryTimeoutError`)).json()) as { type: string };
    expect(body.type).toBe('https://w3id.org/datakatalog/problems/query-timeout');
  });

  it('answers an unexpected exception with a generic 500 and logs it, without leaking the stack or message', async () => {
    for (const path of ['/test/crash', '/test/crash-async']) {
      logger.entries.length = 0;
      const res = await fetch(`${app.url}${path}`);
      expect(res.status).toBe(500);
      expect(res.headers.get('content-type')).toMatch(/^application\/problem\+json/);
      const text = await res.text();
      expect(text).not.toMatch(/secret|TypeError|at .*\.ts|stack/i);
      const body = JSON.parse(text) as Record<string, unknown>;
      expect(body).toMatchObject({ status: 500, title: 'Internal server error', requestId: res.headers.get('x-request-id') });
      expect(body.detail).toContain(String(res.headers.get('x-request-id')));
      const logged = logger.entries.find((e) => e.level === 'error');
      expect((logged?.obj as { err?: Error }).err).toBeInstanceOf(Error);
    }
  });

  it('answers unknown paths with a 404 problem', async () => {
    const res = await fetch(`${app.url}/no/such/thing`);
    expect(res.status).toBe(404);
    expect(((await res.json()) as { detail: string }).detail).toBe('Nothing is served at GET /no/such/thing.');
  });

  it('answers malformed JSON with 400 and an oversized body with 413, never 500', async () => {
    const ok = await fetch(`${app.url}/test/echo`, { method: 'POST', headers: { 'Content-Type': 'application/json' }, body: '{"a":1}' });
    expect(await ok.json()).toEqual({ got: { a: 1 } });
    const malformed = await fetch(`${app.url}/test/echo`, { method: 'POST', headers: { 'Content-Type': 'application/json' }, body: '{"a":' });
    expect(malformed.status).toBe(400);
    expect(malformed.headers.get('content-type')).toMatch(/^application\/problem\+json/);
    expect(((await malformed.json()) as { detail: string }).detail).toMatch(/could not be parsed/);
    const large = await fetch(`${app.url}/test/echo`, { method: 'POST', headers: { 'Content-Type': 'application/json' }, body: JSON.stringify({ a: 'x'.repeat(5000) }) });
    expect(large.status).toBe(413);
    expect(((await large.json()) as { limit: number }).limit).toBe(1024);
    const charset = await fetch(`${app.url}/test/echo`, { method: 'POST', headers: { 'Content-Type': 'application/json; charset=latin-9' }, body: '{}' });
    expect(charset.status).toBe(415);
  });

  it('answers an undecodable path parameter with 400', async () => {
    const res = await fetch(`${app.url}/test/throw/%E0%A4%A`);
    expect(res.status).toBe(400);
    expect(res.headers.get('content-type')).toMatch(/^application\/problem\+json/);
  });
});
