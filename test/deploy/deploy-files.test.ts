import { existsSync, readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import yaml from 'js-yaml';
import { describe, expect, it } from 'vitest';
import { loadConfig } from '../../src/config/config.js';
import { apiDescription } from '../../src/http/openapi/api-description.js';

/**
 * What can be checked of deploy/ without a container engine (none runs where this project is developed, so
 * the Compose set-up has never been started): the files parse, every variable they use is given, the
 * environment each node gets is accepted by loadConfig and is server mode, the paths and ports the proxy and
 * the health checks use are the service's, and the image's commands exist.
 */
const ROOT = path.resolve(import.meta.dirname, '../..');
const DEPLOY = path.join(ROOT, 'deploy');
const read = (file: string): string => readFileSync(path.join(DEPLOY, file), 'utf8');

interface Service {
  image?: string;
  build?: { context: string; dockerfile: string };
  environment?: Record<string, string>;
  depends_on?: Record<string, unknown> | string[];
  volumes?: string[];
  ports?: string[];
  profiles?: string[];
  healthcheck?: { test: string[] };
}
const compose = yaml.load(read('compose.yaml')) as { services: Record<string, Service>; volumes: Record<string, unknown> };
const NODES = ['node-1', 'node-2'];

/** deploy/env.example as the variables it sets (what `--env-file deploy/.env` gives after copying it). */
const example = Object.fromEntries(
  read('env.example')
    .split('\n')
    .filter((l) => /^[A-Z_]+=/.test(l))
    .map((l) => [l.slice(0, l.indexOf('=')), l.slice(l.indexOf('=') + 1)]),
);

/** Compose's `${VAR}` and `${VAR:-default}` substitution. */
const substitute = (value: string, vars: Record<string, string>): string =>
  value.replace(/\$\{([A-Z_][A-Z0-9_]*)(?::-([^}]*))?\}/g, (_, name: string, fallback: string | undefined) => vars[name] ?? fallback ?? '');

/** The image's own ENV lines (Dockerfile), which the container starts with under Compose's environment. */
const dockerfile = read('Dockerfile');
const imageEnv = Object.fromEntries(
  dockerfile
    .split('\n')
    .filter((l) => l.startsWith('ENV '))
    .flatMap((l) => l.slice(4).trim().split(/\s+/))
    .map((pair) => pair.split('=') as [string, string]),
);

const nodeEnv = (name: string): Record<string, string> => ({
  ...imageEnv,
  ...Object.fromEntries(Object.entries(compose.services[name]!.environment ?? {}).map(([k, v]) => [k, substitute(String(v), example)])),
});

describe('deploy/ (checked without a container engine)', () => {
  it('every ${VAR} compose.yaml uses without a default is set in env.example', () => {
    const used = [...read('compose.yaml').matchAll(/\$\{([A-Z_][A-Z0-9_]*)(:-[^}]*)?\}/g)].filter((m) => m[2] === undefined).map((m) => m[1]!);
    expect(used.length).toBeGreaterThan(0);
    for (const name of new Set(used)) expect(example, `${name} is used in compose.yaml`).toHaveProperty(name);
  });

  it('gives both nodes the same environment, and loadConfig accepts it as server mode (PostgreSQL store and search, Virtuoso behind /sparql)', () => {
    expect(nodeEnv('node-1')).toEqual(nodeEnv('node-2'));
    for (const name of NODES) {
      const config = loadConfig(nodeEnv(name), '/app');
      expect(config.database.url).toMatch(/^postgres:\/\/datakatalog:change-me@postgres:5432\/datakatalog$/);
      expect(config.search.backend).toBe('postgres');
      expect(config.sparql.store).toMatchObject({ url: 'http://virtuoso:8890/sparql', updateUrl: 'http://virtuoso:8890/sparql-auth', gspUrl: 'http://virtuoso:8890/sparql-graph-crud-auth', user: 'dba', password: 'change-me' });
      expect(config.demo).toBe(false);
      expect(config.dataDir).toBe('/data');
      expect(config.harvest.schedulerLeaseTtlMs).toBe(60_000);
      // Reachable by the proxy: every interface, on the port the Caddyfile names.
      expect(config.host).toBe('0.0.0.0');
      expect(read('Caddyfile')).toContain(`${name}:${config.port}`);
      expect(compose.services[name]!.healthcheck?.test.join(' ')).toContain(`http://127.0.0.1:${config.port}/readyz`);
    }
  });

  it('the node environment is refused when a variable is missing (the check can fail)', () => {
    const { SPARQL_STORE_URL: _, ...withoutQueryEndpoint } = nodeEnv('node-1');
    expect(() => loadConfig(withoutQueryEndpoint, '/app')).toThrow(/SPARQL_STORE_URL/);
  });

  it('the proxy and health checks use paths the service answers, and names that are services', () => {
    const paths = Object.keys(apiDescription('http://localhost:8080').paths);
    const caddy = read('Caddyfile');
    const healthUri = /health_uri\s+(\S+)/.exec(caddy)?.[1];
    expect(healthUri).toBe('/readyz');
    expect(paths).toContain(healthUri);
    for (const upstream of [...caddy.matchAll(/\b(node-\d+):\d+/g)].map((m) => m[1]!)) expect(compose.services).toHaveProperty(upstream);
    for (const [name, service] of Object.entries(compose.services)) {
      const deps = Array.isArray(service.depends_on) ? service.depends_on : Object.keys(service.depends_on ?? {});
      for (const dep of deps) expect(compose.services, `${name} depends on ${dep}`).toHaveProperty(dep);
      for (const volume of service.volumes ?? []) {
        const from = volume.split(':')[0]!;
        if (from.startsWith('.')) expect(existsSync(path.join(DEPLOY, from)), `${name} mounts ${from}`).toBe(true);
        else expect(compose.volumes, `${name} mounts the volume ${from}`).toHaveProperty(from);
      }
    }
  });

  it('Virtuoso never cuts a result before the catalog\'s own row cap, nor stops a query before the catalog\'s time limit', () => {
    const config = loadConfig(nodeEnv('node-1'), '/app');
    const virtuoso = compose.services.virtuoso!.environment!;
    expect(Number(virtuoso.VIRT_SPARQL_ResultSetMaxRows)).toBeGreaterThan(config.sparql.maxRows); // the catalog asks for maxRows + 1 to tell an overflow
    // The row cap is a LIMIT of maxRows + 1 on every query without a lower one: with an ORDER BY, Virtuoso refuses a LIMIT
    // above MaxSortedTopRows (SR353 "Sorted TOP clause specifies more then … rows to sort"; its default is 10 000).
    expect(Number(virtuoso.VIRT_Parameters_MaxSortedTopRows)).toBeGreaterThan(config.sparql.maxRows);
    expect(Number(virtuoso.VIRT_SPARQL_MaxQueryExecutionTime) * 1000).toBeGreaterThanOrEqual(config.sparql.timeoutMs);
  });

  it("Virtuoso's first start runs the catalog's set-up (no anonymous update, its own graphs private): the same file the tests' Virtuoso runs", () => {
    const mounts = (compose.services.virtuoso!.volumes ?? []).map((v) => v.split(':'));
    // The image runs every *.sql in /initdb.d, once, when it creates the database (its README, "/initdb.d").
    const init = mounts.find(([, to]) => to === '/initdb.d');
    expect(init?.[0]).toBe('./virtuoso-init');
    const scripts = readdirSync(path.join(DEPLOY, 'virtuoso-init')).filter((f) => f.endsWith('.sql'));
    expect(scripts).toEqual(['10-datakatalog.sql']);
    const sql = read('virtuoso-init/10-datakatalog.sql');
    expect(sql).toContain(`REVOKE "SPARQL_UPDATE" FROM "SPARQL"`);
    expect(sql).toMatch(/RDF_DEFAULT_USER_PERMS_SET \('nobody', 1, 0\)/); // anonymous: read the world's graphs, write none
    expect(sql).toMatch(/RDF_DEFAULT_USER_PERMS_SET \('nobody', 0, 1\)/); // anonymous: nothing of the private graphs
    expect(sql).toContain('virtrdf#PrivateGraphs');
    // .ci/start-virtuoso feeds the same file to the private Virtuoso the remote tests run against (test/sparql/remote/virtuoso-setup.test.ts).
    expect(readFileSync(path.join(ROOT, '.ci/start-virtuoso'), 'utf8')).toContain('deploy/virtuoso-init/10-datakatalog.sql');
  });

  it('the image builds with what it copies and runs a command that exists', () => {
    const scripts = (JSON.parse(readFileSync(path.join(ROOT, 'package.json'), 'utf8')) as { scripts: Record<string, string> }).scripts;
    const steps = dockerfile.split('\n').filter((l) => /^(COPY|RUN|CMD) /.test(l));
    const sourcesCopied = steps.findIndex((l) => /^COPY \. \./.test(l));
    const install = steps.findIndex((l) => /npm ci\b/.test(l));
    expect(install).toBeGreaterThanOrEqual(0);
    // npm ci runs the package's prepare script (npm run build: tsc over src/): the sources must be in the image first.
    if (scripts.prepare !== undefined && !/--ignore-scripts/.test(steps[install]!)) {
      expect(sourcesCopied).toBeGreaterThanOrEqual(0);
      expect(sourcesCopied).toBeLessThan(install);
    }
    for (const [, script] of steps.join('\n').matchAll(/npm run (\S+)/g)) expect(scripts, `npm run ${script}`).toHaveProperty(script!);
    // COPY . . must not carry this machine's node_modules (compiled here) or data into the image.
    const ignored = existsSync(path.join(ROOT, '.dockerignore')) ? readFileSync(path.join(ROOT, '.dockerignore'), 'utf8').split('\n').map((l) => l.trim()) : [];
    for (const entry of ['node_modules', 'data', 'dist']) expect(ignored).toContain(entry);
    const cmd = JSON.parse(/^CMD (\[.*\])$/m.exec(dockerfile)![1]!) as string[];
    expect(cmd.slice(0, 1)).toEqual(['node']);
    expect(existsSync(path.join(ROOT, cmd[1]!))).toBe(true);
    expect(readFileSync(path.join(ROOT, 'src/cli.ts'), 'utf8')).toContain(`case '${cmd[2]}':`);
    for (const name of NODES) expect(compose.services[name]!.build).toEqual({ context: '..', dockerfile: 'deploy/Dockerfile' });
  });
});
