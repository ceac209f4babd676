import express, { type Request, type Router } from 'express';
import { BadRequestError, NotFoundError, UnsupportedMediaTypeError } from '../../core/errors.js';
import { publicSource, type HarvestSource } from '../../core/harvest-source.js';
import type { AccessControl } from '../../core/ports/access-control.js';
import type { HarvestControl } from '../../core/ports/harvest-control.js';
import type { Logger } from '../../core/ports/logger.js';
import type { Store } from '../../core/ports/store.js';
import { authenticated, principalOf } from '../access/write-access.js';
import { excerpt } from '../echo.js';

export interface HarvestSourceRoutesDeps {
  readonly store: Store;
  readonly harvest: HarvestControl;
  readonly access: AccessControl;
  readonly logger: Logger;
  readonly baseUrl: string;
}

/**
 * Harvest sources and their runs, for publishing agencies.
 * Reading is public (anyone can see what a source published and what to fix). Writing needs a token
 * (401 without a valid one) of a system admin or of an admin of the source's publisher or a parent
 * organisation of it (403 otherwise); every write is in the audit log.
 *
 *   GET    /api/sources                 every source with its latest run
 *   POST   /api/sources                 register (token)       body {url, publisher, kind?, accept?, quarantineInvalid?, timeoutMs?, profile?, followEndpointDescriptions?}
 *   GET    /api/sources/:id             one source with its latest runs
 *   DELETE /api/sources/:id             unregister; its records are marked removed (token)
 *   PATCH  /api/sources/:id             change name, url, accept, intervalMs, profile, quarantineInvalid, active, timeoutMs,
 *                                       followEndpointDescriptions, authentication (null removes an optional one) (token)
 *   POST   /api/sources/:id/pause       stop harvesting it (the schedule and requests) until resumed (token)
 *   POST   /api/sources/:id/resume      (token)
 *   POST   /api/sources/:id/harvest     start a harvest now → 202 with the run (token); ?wait=true waits for the end;
 *                                       ?dryRun=true fetches and validates everything and answers what would be
 *                                       added, changed (triples added and removed) and removed, publishing nothing
 *   GET    /api/sources/:id/runs        its runs, newest first (?limit=)
 *   GET    /api/runs/:id                one run: state, counts and every problem
 *   GET    /sources/:id                 the source's IRI in catalog records (dk:harvestSource): 303 to /api/sources/:id
 *   GET    /sources/:id/…               IRIs the harvester generated under a source (its generated catalog,
 *                                       blank-node resources named from dct:identifier): 303 to their record
 */
export function createHarvestSourceRouter(deps: HarvestSourceRoutesDeps): Router {
  const router = express.Router();
  const auth = authenticated(deps.access, deps.logger);
  /** The source of the request's :id, once the principal may manage its publisher (404, then 403). */
  const ownSource = async (req: express.Request, res: express.Response): Promise<HarvestSource> => {
    const source = await deps.store.getSource(String(req.params.id));
    if (source === undefined) throw new NotFoundError(`No harvest source with id ${excerpt(String(req.params.id))}.`);
    await deps.access.authorise(principalOf(res), source.publisher);
    return source;
  };
  const runUrl = (id: string): string => `${deps.baseUrl}/api/runs/${id}`;

  router.get('/api/sources', async (_req, res) => {
    const sources = await deps.store.listSources();
    const out = [];
    for (const s of sources) {
      const [latest] = await deps.store.listRuns({ sourceId: s.id, limit: 1 });
      out.push({ ...publicSource(s), running: deps.harvest.isRunning(s.id), latestRun: latest ?? null });
    }
    res.json({ sources: out });
  });

  router.post('/api/sources', auth, express.json({ limit: '64kb' }), async (req, res) => {
    requireJsonBody(req);
    if (req.body === null || typeof req.body !== 'object' || Array.isArray(req.body)) {
      throw new BadRequestError('Send the source as a JSON object: {"url": "...", "publisher": "123456789"}.');
    }
    const principal = principalOf(res);
    const source = await deps.harvest.register(req.body as Record<string, unknown>, (publisher) => deps.access.authorise(principal, publisher));
    res.status(201).location(`${deps.baseUrl}/api/sources/${source.id}`).json(publicSource(source));
  });

  router.get('/api/sources/:id', async (req, res) => {
    const source = await deps.store.getSource(req.params.id);
    if (source === undefined) throw new NotFoundError(`No harvest source with id ${excerpt(String(req.params.id))}.`);
    const runs = await deps.store.listRuns({ sourceId: source.id, limit: 10 });
    res.json({ ...publicSource(source), running: deps.harvest.isRunning(source.id), runs });
  });

  router.delete('/api/sources/:id', auth, async (req, res) => {
    const source = await ownSource(req, res);
    await deps.harvest.remove(source.id);
    res.status(204).end();
  });

  router.patch('/api/sources/:id', auth, express.json({ limit: '64kb' }), async (req, res) => {
    requireJsonBody(req);
    const source = await ownSource(req, res);
    if (req.body === null || typeof req.body !== 'object' || Array.isArray(req.body) || Object.keys(req.body as object).length === 0) {
      throw new BadRequestError('Send the settings to change as a JSON object, e.g. {"name": "…", "intervalMs": 3600000}; null removes an optional one.');
    }
    res.json(publicSource(await deps.harvest.update(source.id, req.body as Record<string, unknown>)));
  });

  router.post('/api/sources/:id/pause', auth, async (req, res) => {
    const source = await ownSource(req, res);
    res.json(publicSource(await deps.harvest.setActive(source.id, false)));
  });

  router.post('/api/sources/:id/resume', auth, async (req, res) => {
    const source = await ownSource(req, res);
    res.json(publicSource(await deps.harvest.setActive(source.id, true)));
  });

  router.post('/api/sources/:id/harvest', auth, async (req, res) => {
    const source = await ownSource(req, res);
    if (req.query.dryRun !== undefined) {
      if (req.query.dryRun !== 'true' && req.query.dryRun !== 'false') throw new BadRequestError('dryRun must be true or false.');
      if (req.query.dryRun === 'true') {
        res.setHeader('Cache-Control', 'no-store').json(await deps.harvest.dryRun(source.id));
        return;
      }
    }
    if (req.query.wait !== undefined && req.query.wait !== 'true' && req.query.wait !== 'false') throw new BadRequestError('wait must be true or false.', { parameter: 'wait' });
    const { run, done } = await deps.harvest.start(source.id);
    if (req.query.wait === 'true') {
      res.status(200).json(await done);
      return;
    }
    res.status(202).location(runUrl(run.id)).json(run);
  });

  router.get('/api/sources/:id/runs', async (req, res) => {
    const source = await deps.store.getSource(req.params.id);
    if (source === undefined) throw new NotFoundError(`No harvest source with id ${excerpt(String(req.params.id))}.`);
    const limit = parseLimit(req.query.limit);
    res.json({ runs: await deps.store.listRuns({ sourceId: source.id, limit }) });
  });

  // IRIs minted under {base}/sources/{id} dereference too.
  router.get('/sources/:id', (req, res) => {
    res.redirect(303, `${deps.baseUrl}/api/sources/${encodeURIComponent(req.params.id)}`);
  });
  router.get('/sources/:id/{*rest}', (req, res) => {
    const iri = `${deps.baseUrl}${req.path}`;
    res.redirect(303, `${deps.baseUrl}/resources?uri=${encodeURIComponent(iri)}`);
  });

  router.get('/api/runs/:id', async (req, res) => {
    const run = await deps.store.getRun(req.params.id);
    if (run === undefined) throw new NotFoundError(`No harvest run with id ${excerpt(String(req.params.id))}.`);
    res.json(run);
  });

  return router;
}

function parseLimit(value: unknown): number {
  if (value === undefined) return 20;
  if (typeof value !== 'string' || !/^\d{1,4}$/.test(value) || Number(value) < 1 || Number(value) > 1000) {
    throw new BadRequestError('limit must be a whole number from 1 to 1000.');
  }
  return Number(value);
}

/** A body the JSON parser left alone was sent as another media type: 415, as the API description says. */
function requireJsonBody(req: Request): void {
  const sent = Number(req.headers['content-length'] ?? '0') > 0 || req.headers['transfer-encoding'] !== undefined;
  if (req.body === undefined && sent) {
    throw new UnsupportedMediaTypeError(`Send the source as application/json, not ${excerpt(String(req.headers['content-type'] ?? 'no media type'), 80)}.`);
  }
}
