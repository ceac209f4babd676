/**
 * One harvest pipeline under test, set up the same way by every suite that drives `runHarvest` directly: a
 * loopback fixture server and one validator thread for the file, a fresh SQLite store per test, and a clock
 * that starts at 2026-11-01T10:00:00Z and moves one second each time the pipeline reads it.
 */
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, afterEach, beforeAll, beforeEach } from 'vitest';
import type { Harvester } from '../../src/core/ports/harvester.js';
import { silentLogger } from '../../src/core/ports/logger.js';
import type { FetchPolicy } from '../../src/harvest/fetch/fetcher.js';
import type { PipelineDeps } from '../../src/harvest/harvest-pipeline.js';
import { SqliteStore } from '../../src/store/sqlite/sqlite-store.js';
import { ShaclValidator } from '../../src/validation/shacl-validator.js';
import { startFixtureServer, type FixtureServer } from './fixture-server.js';

export interface PipelineHarness {
  readonly server: FixtureServer;
  readonly validator: ShaclValidator;
  /** This test's store (a new data directory per test). */
  readonly store: SqliteStore;
  /** The pipeline's dependencies for this test: its store, the harvesters given, loopback allowed. */
  readonly deps: PipelineDeps;
  /** The clock's reading, without moving it (for registering sources). */
  readonly now: () => Date;
}

export interface PipelineHarnessOptions {
  readonly harvesters: Readonly<Record<string, Harvester>>;
  /** Fetch limits that differ from the defaults (1 MB, 2 s idle, 5 s in all). */
  readonly policy?: Partial<FetchPolicy>;
}

const START = Date.parse('2026-11-01T10:00:00Z');

/** Registers the file's hooks and returns a view of the harness whose fields are current inside each test. */
export function usePipelineHarness(options: PipelineHarnessOptions): PipelineHarness {
  let server: FixtureServer | undefined;
  let validator: ShaclValidator | undefined;
  let store: SqliteStore | undefined;
  let deps: PipelineDeps | undefined;
  let dir: string | undefined;
  let clock = START;
  const ready = <T>(value: T | undefined, name: string): T => {
    if (value === undefined) throw new Error(`the pipeline harness's ${name} is only there inside a test`);
    return value;
  };

  beforeAll(async () => {
    server = await startFixtureServer();
    validator = new ShaclValidator({ workers: 1 });
  });
  afterAll(async () => {
    await server?.close();
    await validator?.close();
  });
  beforeEach(async () => {
    dir = await mkdtemp(path.join(tmpdir(), 'dk-pipeline-'));
    store = SqliteStore.open({ dataDir: dir });
    clock = START;
    deps = {
      store,
      validator: ready(validator, 'validator'),
      harvesters: new Map(Object.entries(options.harvesters)),
      policy: { allowedHosts: ['127.0.0.1'], maxBytes: 1_000_000, connectTimeoutMs: 2000, idleTimeoutMs: 2000, totalTimeoutMs: 5000, maxRedirects: 3, userAgent: 'test', ...options.policy },
      maxPages: 20,
      baseUrl: 'https://katalog.test',
      defaultProfile: 'dcat-ap-no-2',
      logger: silentLogger,
      now: () => new Date((clock += 1000)),
    };
  });
  afterEach(async () => {
    await store?.close();
    if (dir !== undefined) await rm(dir, { recursive: true, force: true });
  });

  return {
    get server() {
      return ready(server, 'server');
    },
    get validator() {
      return ready(validator, 'validator');
    },
    get store() {
      return ready(store, 'store');
    },
    get deps() {
      return ready(deps, 'deps');
    },
    now: () => new Date(clock),
  };
}
