import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { dropTestSchemas, freshSchema, TEST_DATABASE_URL } from '../support/postgres.js';
import { ROOT, runCli, type CliResult } from '../support/run-cli.js';

const FIXTURES = path.join(ROOT, 'test/harvest/fixtures');

/** `datakatalog <args>` with the embedded defaults this test starts from (no PostgreSQL unless it says so). */
const cli = (args: string[], env: Record<string, string>): Promise<CliResult> =>
  runCli(args, { DATABASE_URL: '', DEMO: 'false', ORGANISATION_REGISTER_URL: 'off', ...env });

const COUNT_DATASETS = 'SELECT (COUNT(DISTINCT ?d) AS ?n) WHERE { GRAPH ?g { ?d a <http://www.w3.org/ns/dcat#Dataset> } }';

let dataDir: string;
beforeAll(async () => {
  dataDir = await mkdtemp(path.join(tmpdir(), 'dk-cli-migrate-'));
});
afterAll(async () => {
  await rm(dataDir, { recursive: true, force: true });
  await dropTestSchemas();
});

describe.skipIf(TEST_DATABASE_URL === undefined)('npx datakatalog migrate --to', () => {
  it('moves a harvested SQLite catalog to PostgreSQL, where a node started with DATABASE_URL publishes the same records', { timeout: 120_000 }, async () => {
    const embedded = { DATA_DIR: dataDir };
    const harvest = await cli(['harvest', path.join(FIXTURES, 'catalog-v1.ttl'), '--publisher', '974760673', '--name', 'Testetaten'], embedded);
    expect(harvest.code, harvest.stderr).toBe(0);
    const before = await cli(['sparql', COUNT_DATASETS, '--format', 'csv'], embedded);
    expect(before.stdout).toMatch(/^n\r?\n[1-9]\d*\r?\n$/);

    const schema = freshSchema('mig');
    const migrate = await cli(['migrate', '--to', TEST_DATABASE_URL!, '--schema', schema], embedded);
    expect(migrate.code, migrate.stderr).toBe(0);
    expect(migrate.stdout).toMatch(/^records\s+4\s+4\s+4\s+0\s+[0-9a-f]{16}\s+equal$/m);
    expect(migrate.stdout).toMatch(/^Verified: every table holds the same rows/m);
    expect(migrate.stdout).not.toContain(new URL(TEST_DATABASE_URL!).password || '\u0000'); // the password is never printed

    // A server-mode node (an empty DATA_DIR of its own) reads the catalog from PostgreSQL.
    const server = { DATA_DIR: path.join(dataDir, 'node'), DATABASE_URL: TEST_DATABASE_URL!, DATABASE_SCHEMA: schema };
    const after = await cli(['sparql', COUNT_DATASETS, '--format', 'csv'], server);
    expect(after.code, after.stderr).toBe(0);
    expect(after.stdout).toBe(before.stdout);
    const sources = await cli(['sources'], server);
    expect(sources.stdout).toMatch(/974760673\s+Testetaten\s+dcat-ap-no/); // the harvested source (named: a path is cut to the column's width), with its run
    expect(sources.stdout).toMatch(/\+4 ~0 -0/);
    expect(sources.stdout).toMatch(/succeeded/);

    const usage = await cli(['migrate', '--to', 'mysql://x'], embedded);
    expect(usage.code).toBe(2);
    expect(usage.stderr).toMatch(/migrate needs --to postgres:\/\//);
  });
});
