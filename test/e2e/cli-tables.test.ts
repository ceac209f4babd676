import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ROOT, runCli } from '../support/run-cli.js';

// `datakatalog sources`, `runs <source>` and `run <id>`: tables a person can read, JSON for scripts.

const FIXTURES = path.join(ROOT, 'test/harvest/fixtures');

let env: Record<string, string>;
let dataDir: string;

beforeAll(async () => {
  dataDir = await mkdtemp(path.join(tmpdir(), 'dk-cli-tables-'));
  env = { DATA_DIR: dataDir, DEMO: 'false', ORGANISATION_REGISTER_URL: 'off' };
});
afterAll(async () => {
  await rm(dataDir, { recursive: true, force: true });
});

describe('the CLI for people', () => {
  it('prints sources, a source’s runs and one run as tables, and the same as JSON', async () => {
    const harvested = await runCli(['harvest', path.join(FIXTURES, 'catalog-v1.ttl'), '--publisher', '974760673', '--name', 'Testetaten', '--json'], env);
    expect(harvested.code).toBe(0);
    // --json: the run report as JSON only.
    const report = JSON.parse(harvested.stdout) as { id: string; sourceId: string; state: string };
    expect(report.state).toBe('succeeded');

    const sources = await runCli(['sources'], env);
    expect(sources.code).toBe(0);
    const [header, rule, row] = sources.stdout.trimEnd().split('\n');
    expect(header).toMatch(/^source\s+publisher\s+name\s+kind\s+status\s+last run\s+ended \(UTC\)\s+changes\s+invalid$/);
    expect(rule).toMatch(/^-+( +-+)+$/);
    expect(row).toContain(report.sourceId);
    expect(row).toMatch(/974760673\s+Testetaten\s+dcat-ap-no\s+active\s+succeeded/);
    expect(row).toContain('+4 ~0 -0');

    const runs = await runCli(['runs', report.sourceId], env);
    expect(runs.code).toBe(0);
    expect(runs.stdout).toMatch(/^Runs of Testetaten/);
    expect(runs.stdout).toMatch(new RegExp(`${report.id}\\s+\\d{4}-\\d\\d-\\d\\d \\d\\d:\\d\\d:\\d\\d\\s+[\\d.]+ s\\s+succeeded\\s+4\\s+0\\s+0\\s+0\\s+0\\s+0`));

    const one = await runCli(['run', report.id], env);
    expect(one.code).toBe(0);
    expect(one.stdout).toMatch(/^run\s+/);
    expect(one.stdout).toMatch(/state\s+succeeded/);
    expect(one.stdout).toMatch(/counts\s+added 4, changed 0/);

    const missing = await runCli(['run', 'no-such-run'], env);
    expect(missing.code).toBe(2);
    expect(missing.stderr).toMatch(/No harvest run with id no-such-run/);
  }, 180_000);
});
