/**
 * The `datakatalog` command. Output for people goes to stdout; logs (pino JSON) go to stderr.
 *
 *   datakatalog serve
 *   datakatalog harvest <url|path> --publisher <orgnr> [--kind dcat-ap-no] [--name …] [--accept …] [--quarantine] [--profile …] [--no-endpoint-descriptions]
 *   datakatalog validate <path|url> [--profile dcat-ap-no-2] [--lang nb|en] [--json] [--catalog]
 *   datakatalog sparql '<query>' [--format json|xml|csv|tsv|turtle|ntriples|jsonld|rdfxml]
 *   datakatalog export [--out file.nq]
 *   datakatalog reindex
 *   datakatalog sources
 *   datakatalog token create --role admin|org-admin [--org <orgnr>] [--expires 90d|never] [--name …] | token list | token revoke <id>
 *   datakatalog migrate --to postgres://… [--schema NAME] [--json]
 */
import { createWriteStream } from 'node:fs';
import path from 'node:path';
import { finished } from 'node:stream/promises';
import { parseArgs } from 'node:util';
import { loadConfig, type Config } from './config/config.js';
import type { Catalog } from './main.js';
import { AppError, ConfigError } from './core/errors.js';
import type { HarvestRun } from './core/harvest-run.js';
import type { Logger } from './core/ports/logger.js';
import type { DryRunReport } from './core/dry-run-report.js';
import type { HarvestedConcept } from './core/ports/harvested-vocabulary.js';
import { parseLifetime } from './core/lifetime.js';
import { isRole } from './core/principal.js';
import type { ApiTokenView } from './core/api-token.js';
import { organisationNumberProblem } from './core/organisation-number.js';
import { applyHeapGrowth } from './heap-growth.js';
import { textTable } from './text-table.js';

const USAGE = `Usage: datakatalog <command> [options]

Commands:
  serve                              run the catalog (HTTP on PORT, data in DATA_DIR)
  harvest <url|path> --publisher N   harvest a DCAT-AP-NO catalog now and print the run report
        [--kind dcat-ap-no] [--name NAME] [--accept TYPE] [--quarantine] [--profile ID] [--no-endpoint-descriptions]
        [--dry-run]                  fetch and validate everything, print what would be added, changed and removed; publish nothing
  validate <path|url>                check a document against the SHACL shapes, in plain words; an OpenAPI
                                     document: its schema problems and the data service it gives
        [--profile dcat-ap-no-2|dcat-ap-no-3|dcat-ap-no-3-core-ranges|dcat-ap-no-3-core|dcat-ap-3|…] [--lang nb|en] [--json] [--publisher N (OpenAPI)]
        [--catalog]                  also check codes against the reference data the catalog harvested (its store:
                                     DATABASE_URL, else DATA_DIR/catalog.db), not only the bundled vocabularies
  sparql '<query>' [--format F]      run a SPARQL query on the published records
  export [--out FILE]                write every published record as N-Quads (stdout by default)
  reindex                            rebuild the search and relations indexes from the store
  sources                            list harvest sources and their latest runs, as a table
  runs <source> [--limit N] [--json] the source's latest runs, newest first
  run <id> [--json]                  one run: its state, counts and every problem
  token create --role admin|org-admin [--org ORGNR] [--expires 90d|never] [--name NAME]
                                     create an API token for writes; it is printed once (only its hash is kept)
  token list                         list API tokens (id, role, organisation, expiry, last use)
  token revoke <id>                  revoke an API token
  migrate --to postgres://…          copy the catalog in DATA_DIR/catalog.db to PostgreSQL (server mode), then check
        [--schema NAME] [--json]     both hold the same rows (counts and hashes); run it again to resume or catch up

Configuration comes from the environment (see README.md): DATA_DIR, PORT, BASE_URL, …
Exit codes: 0 ok; 1 failed (a failed harvest, violations found); 2 bad usage or unreadable input.`;

class UsageError extends Error {}

const SPARQL_FORMATS: Record<string, string> = {
  json: 'application/sparql-results+json',
  xml: 'application/sparql-results+xml',
  csv: 'text/csv',
  tsv: 'text/tab-separated-values',
  turtle: 'text/turtle',
  ntriples: 'application/n-triples',
  jsonld: 'application/ld+json',
  rdfxml: 'application/rdf+xml',
};

async function main(argv: readonly string[]): Promise<number> {
  const [command, ...rest] = argv;
  if (command === undefined || command === 'help' || command === '--help' || command === '-h') {
    process.stdout.write(`${USAGE}\n`);
    return command === undefined ? 2 : 0;
  }
  const config = loadConfig();
  // Before anything of size is allocated or any worker starts: every heap of this process then keeps to it.
  applyHeapGrowth(config.heapGrowthPercent);
  const { createLogger } = await import('./logging/pino-logger.js');
  const logger = createLogger(command === 'serve' ? config.logLevel : (process.env.LOG_LEVEL ?? 'warn'));
  switch (command) {
    case 'serve':
      return serve(config, logger);
    case 'harvest':
      return harvest(config, logger, rest);
    case 'validate':
      return validate(config, logger, rest);
    case 'sparql':
      return sparql(config, logger, rest);
    case 'export':
      return exportRecords(config, logger, rest);
    case 'reindex':
      return reindex(config, logger);
    case 'sources':
      return sources(config, logger);
    case 'runs':
      return runs(config, logger, rest);
    case 'run':
      return run(config, logger, rest);
    case 'token':
      return token(config, logger, rest);
    case 'migrate':
      return migrateCatalog(config, rest);
    default:
      throw new UsageError(`Unknown command "${command}".`);
  }
}

async function serve(config: Config, logger: Logger): Promise<number> {
  const { startServer } = await import('./main.js');
  // A promise nobody waits for must not take the service down: log it (an exception still ends the process).
  process.on('unhandledRejection', (reason) => logger.error({ err: reason }, 'unhandled promise rejection'));
  const server = await startServer(config, logger);
  process.stdout.write(`datakatalog is running at ${server.url} (record URIs under ${config.baseUrl}; data in ${config.dataDir})\n`);
  await new Promise<void>((resolve) => {
    const stop = (): void => resolve();
    process.once('SIGINT', stop);
    process.once('SIGTERM', stop);
  });
  logger.info('shutting down: no new requests; running harvests stop after the records in hand');
  // The whole shutdown stays within 10 s: past 9.5 s the process ends anyway (a run left running then is
  // marked interrupted at the next start).
  const deadline = setTimeout(() => {
    logger.error('shutdown took longer than 9.5 s: exiting now');
    process.exit(1);
  }, 9_500);
  deadline.unref();
  await server.close();
  clearTimeout(deadline);
  logger.info('stopped');
  return 0;
}

function isUrl(value: string): boolean {
  return /^[a-z][a-z0-9+.-]*:\/\//i.test(value);
}

async function harvest(config: Config, logger: Logger, args: readonly string[]): Promise<number> {
  const [{ openCatalog }, { buildSource }, { harvestProgressDisplay }] = await Promise.all([import('./main.js'), import('./harvest/source-registration.js'), import('./cli/harvest-progress.js')]);
  const { values, positionals } = parseArgs({
    args: [...args],
    allowPositionals: true,
    options: {
      publisher: { type: 'string' },
      kind: { type: 'string' },
      name: { type: 'string' },
      accept: { type: 'string' },
      quarantine: { type: 'boolean', default: false },
      profile: { type: 'string' },
      'no-endpoint-descriptions': { type: 'boolean', default: false },
      json: { type: 'boolean', default: false },
      'dry-run': { type: 'boolean', default: false },
    },
  });
  if (positionals.length !== 1) throw new UsageError('harvest needs exactly one URL or file path.');
  const target = positionals[0]!;
  const local = !isUrl(target);
  const catalog = await openCatalog(config, logger, { sparql: false, poll: false });
  try {
    const source = buildSource(
      {
        url: local ? path.resolve(target) : target,
        ...(values.kind !== undefined ? { kind: values.kind } : {}),
        publisher: values.publisher,
        ...(values.name !== undefined ? { name: values.name } : {}),
        ...(values.accept !== undefined ? { accept: values.accept } : {}),
        quarantineInvalid: values.quarantine,
        ...(values.profile !== undefined ? { profile: values.profile } : {}),
        ...(values['no-endpoint-descriptions'] ? { followEndpointDescriptions: false } : {}),
      },
      { allowLocalPath: true, sourceKinds: catalog.harvest.sourceKinds, now: () => new Date() },
    );
    // The publisher must be an organisation the register knows (a typed error, exit 2, otherwise).
    await catalog.organisations.resolve(source.publisher);
    const existing = await catalog.store.getSource(source.id);
    if (values['dry-run']) {
      // Nothing is written: not the source either, when it is new (all its records then count as added).
      const report = await catalog.harvest.dryRunOf(existing ?? source, local ? { localPath: source.url } : {});
      process.stdout.write(values.json ? `${JSON.stringify(report, null, 2)}\n` : describeDryRun(report, existing ?? source));
      return report.state === 'succeeded' ? 0 : 1;
    }
    if (existing === undefined) await catalog.store.saveSource(source);
    // Progress on a terminal only: nothing of it when the output is piped or --json is given.
    const display = harvestProgressDisplay(process.stderr, !values.json && process.stdout.isTTY === true);
    const run = await catalog.harvest
      .harvest(existing ?? source, { ...(local ? { localPath: source.url } : {}), ...(display.onProgress !== undefined ? { onProgress: display.onProgress } : {}) })
      .finally(() => display.stop());
    await catalog.projector.sync();
    process.stdout.write(values.json ? `${JSON.stringify(run, null, 2)}\n` : describeRun(run, existing ?? source));
    return run.state === 'succeeded' ? 0 : 1;
  } finally {
    await catalog.close();
  }
}

function describeDryRun(report: DryRunReport, source: { id: string; url: string }): string {
  const c = report.counts;
  const lines = [
    `Dry run of ${source.url} (nothing was published)`,
    `  source ${source.id}: ${report.state === 'succeeded' ? 'a harvest now would' : 'a harvest now would fail'}`,
    `  add ${c.added}, change ${c.changed}, leave ${c.unchanged} unchanged, remove ${c.removed}; ${c.invalid} invalid, ${c.conflicts} conflicts, ${c.skipped} skipped`,
  ];
  if (report.error) lines.push(`  error: ${report.error}`);
  for (const r of report.added.slice(0, 50)) lines.push(`  + ${r.iri} (${r.kind}, ${r.triples} triples${r.violations > 0 ? `, ${r.violations} violations` : ''})`);
  for (const r of report.changed.slice(0, 50)) {
    lines.push(`  ~ ${r.iri} (+${r.added} −${r.removed} triples${r.violations > 0 ? `, ${r.violations} violations` : ''})`);
    for (const t of r.triplesRemoved.slice(0, 10)) lines.push(`      - ${t}`);
    for (const t of r.triplesAdded.slice(0, 10)) lines.push(`      + ${t}`);
  }
  for (const r of report.removed.slice(0, 50)) lines.push(`  - ${r.iri} (${r.kind})`);
  const shown = report.problems.slice(0, 50);
  if (shown.length > 0) lines.push('  problems:');
  for (const p of shown) lines.push(`    [${p.kind}] ${p.resource ? `${p.resource}: ` : ''}${p.message}`);
  if (report.added.length + report.changed.length + report.removed.length > 150 || report.problems.length > 50) lines.push('  … use --json for all of it');
  return `${lines.join('\n')}\n`;
}

function describeRun(run: HarvestRun, source: { id: string; url: string }): string {
  const c = run.counts;
  const lines = [
    `Harvest of ${source.url}`,
    `  source ${source.id}, run ${run.id}: ${run.state}${run.notModified ? ' (not modified since the last harvest)' : ''}`,
    `  added ${c.added}, changed ${c.changed}, unchanged ${c.unchanged}, removed ${c.removed}, invalid ${c.invalid}, conflicts ${c.conflicts}, skipped ${c.skipped}`,
  ];
  if (run.error) lines.push(`  error: ${run.error}`);
  const shown = run.problems.slice(0, 50);
  if (shown.length > 0) lines.push('  problems:');
  for (const p of shown) lines.push(`    [${p.kind}] ${p.resource ? `${p.resource}: ` : ''}${p.message}${p.line !== undefined && !p.message.includes(`line ${p.line}`) ? ` (line ${p.line})` : ''}`);
  if (run.problems.length > shown.length) lines.push(`    … and ${run.problems.length - shown.length} more (use --json for all)`);
  return `${lines.join('\n')}\n`;
}

/**
 * The harvested reference concepts of the configured catalog (`validate --catalog`): its store is opened,
 * read and closed. A usage error when there is no catalog to read.
 */
async function catalogConcepts(config: Config, logger: Logger): Promise<readonly HarvestedConcept[]> {
  const [{ existsSync }, { openStore }, { storedReferenceConcepts }] = await Promise.all([import('node:fs'), import('./main.js'), import('./validation/index.js')]);
  if (config.database.url === undefined && !existsSync(path.join(config.dataDir, 'catalog.db'))) {
    throw new UsageError(`--catalog: there is no catalog in ${config.dataDir} (no catalog.db; set DATA_DIR, or DATABASE_URL for a catalog in PostgreSQL).`);
  }
  const store = await openStore(config, logger);
  try {
    return await storedReferenceConcepts(store);
  } finally {
    await store.close();
  }
}

async function validate(config: Config, logger: Logger, args: readonly string[]): Promise<number> {
  const [{ fetchPolicyOf }, { fetchDocument, FetchError }, { readLocalFile }, { chooseSyntax, RDF_ACCEPT }, { parseRdfToArray, RdfParseError }, { formatReport, validateDocument }, { looksLikeOpenApi }] = await Promise.all([
    import('./main.js'), import('./harvest/fetch/fetcher.js'), import('./harvest/fetch/local-file.js'), import('./rdf/syntax.js'), import('./rdf/parse.js'), import('./validation/index.js'), import('./validate-openapi.js'),
  ]);
  const { values, positionals } = parseArgs({
    args: [...args],
    allowPositionals: true,
    options: {
      profile: { type: 'string', default: config.validation.defaultProfile },
      lang: { type: 'string', default: 'nb' },
      publisher: { type: 'string' },
      json: { type: 'boolean', default: false },
      catalog: { type: 'boolean', default: false },
    },
  });
  if (positionals.length !== 1) throw new UsageError('validate needs exactly one file path or URL.');
  const harvested = values.catalog ? await catalogConcepts(config, logger) : [];
  if (values.catalog) {
    const schemes = new Set(harvested.flatMap((c) => c.schemes)).size;
    process.stderr.write(`With the catalog's harvested reference data: ${harvested.length} ${harvested.length === 1 ? 'concept' : 'concepts'} in ${schemes} ${schemes === 1 ? 'scheme' : 'schemes'}, beside the bundled vocabularies.\n`);
  }
  if (values.lang !== 'nb' && values.lang !== 'en') throw new UsageError('--lang must be nb or en.');
  const target = positionals[0]!;
  let body: Buffer;
  let contentType: string | undefined;
  try {
    if (isUrl(target)) {
      const outcome = await fetchDocument({ url: target, accept: RDF_ACCEPT }, fetchPolicyOf(config));
      if (outcome.kind !== 'ok') throw new FetchError('protocol', target, `${target} answered 304 Not Modified to an unconditional request.`);
      body = outcome.body;
      contentType = outcome.contentType;
    } else {
      body = await readLocalFile(target, config.harvest.maxBytes);
    }
  } catch (error) {
    if (error instanceof FetchError) {
      process.stderr.write(`Cannot read ${target}: ${error.message}\n`);
      return 2;
    }
    throw error;
  }
  if (looksLikeOpenApi(body)) {
    return validateOpenApi(config, { body, target, ...(contentType !== undefined ? { contentType } : {}) }, { profile: values.profile, lang: values.lang, json: values.json, harvested, ...(values.publisher !== undefined ? { publisher: values.publisher } : {}) });
  }
  const choice = chooseSyntax({ ...(contentType !== undefined ? { contentType } : {}), url: target, head: body.subarray(0, 2048).toString('utf8') });
  if (!choice.ok) {
    process.stderr.write(`Cannot read ${target} as RDF: ${choice.reason}.\n`);
    return 2;
  }
  let quads;
  try {
    quads = await parseRdfToArray(body, { syntax: choice.syntax, baseIri: isUrl(target) ? target : `file://${path.resolve(target)}` });
  } catch (error) {
    if (error instanceof RdfParseError) {
      process.stderr.write(`${target} (${choice.description}) is not readable: ${error.message}\n`);
      return 2;
    }
    throw error;
  }
  const report = await validateDocument(quads, values.profile, undefined, harvested);
  process.stdout.write(values.json ? `${JSON.stringify(report, null, 2)}\n` : `${formatReport(report, values.lang)}\n`);
  return report.conforms ? 0 : 1;
}

/**
 * An OpenAPI document: its problems against the OpenAPI schema of its version, the data service it
 * gives and that service's SHACL report. Exit 0 when both are clean, 1 when either has a problem (or
 * a harvest would skip it), 2 when it cannot be read as OpenAPI.
 */
async function validateOpenApi(config: Config, input: { body: Buffer; target: string; contentType?: string }, options: { profile: string; lang: 'nb' | 'en'; json: boolean; publisher?: string; harvested: readonly HarvestedConcept[] }): Promise<number> {
  const [{ fetchPolicyOf }, { fetchDocument }, { formatReport, validateDocument }, { checkOpenApi, dataServiceTurtle, describeOpenApiCheck, withoutPublisherResults }] = await Promise.all([
    import('./main.js'), import('./harvest/fetch/fetcher.js'), import('./validation/index.js'), import('./validate-openapi.js'),
  ]);
  if (options.publisher !== undefined) {
    const problem = organisationNumberProblem(options.publisher);
    if (problem !== null) throw new UsageError(`--publisher: ${problem}`);
  }
  const url = isUrl(input.target);
  const policy = fetchPolicyOf(config);
  const check = await checkOpenApi(
    { body: input.body, location: url ? input.target : path.resolve(input.target), isUrl: url, ...(input.contentType !== undefined ? { contentType: input.contentType } : {}), ...(options.publisher !== undefined ? { publisher: options.publisher } : {}) },
    async (reference) => {
      const outcome = await fetchDocument({ url: reference, accept: '*/*' }, policy);
      if (outcome.kind !== 'ok') throw new Error(`${reference} answered 304 Not Modified to an unconditional request.`);
      return { body: outcome.body, ...(outcome.contentType !== undefined ? { contentType: outcome.contentType } : {}) };
    },
  );
  if (!check.ok) {
    process.stderr.write(`${input.target} is not readable as an OpenAPI document: ${check.message}${check.line !== undefined ? ` (line ${check.line})` : ''}\n`);
    return 2;
  }
  const report = withoutPublisherResults(await validateDocument(check.quads, options.profile, undefined, options.harvested), check);
  if (options.json) {
    const { schemaProblems, referenceProblems, api, iri } = check;
    process.stdout.write(`${JSON.stringify({ openapi: { iri, specification: api.spec, schemaProblems, referenceProblems }, dataService: { iri, title: api.title ?? null, endpointURLs: api.servers, operations: api.operations.map((o) => ({ method: o.method.toUpperCase(), path: o.path, operationId: o.operationId ?? null, summary: o.summary ?? null, tags: o.tags, deprecated: o.deprecated })), turtle: await dataServiceTurtle(check.quads) }, validation: report }, null, 2)}\n`);
  } else {
    process.stdout.write(`${describeOpenApiCheck(check, options.lang)}\n\n${formatReport(report, options.lang)}\n`);
  }
  const skipped = check.api.title === undefined || check.api.servers.length === 0;
  return check.schemaProblems.length === 0 && check.referenceProblems.length === 0 && report.conforms && !skipped ? 0 : 1;
}

async function sparql(config: Config, logger: Logger, args: readonly string[]): Promise<number> {
  const [{ openCatalog }, { sparqlShape }, { diagnoseSparql }] = await Promise.all([import('./main.js'), import('./rdf/sparql-text.js'), import('./rdf/sparql-diagnosis.js')]);
  const { values, positionals } = parseArgs({ args: [...args], allowPositionals: true, options: { format: { type: 'string' } } });
  if (positionals.length !== 1) throw new UsageError("sparql needs exactly one query (quote it: datakatalog sparql 'SELECT …').");
  const query = positionals[0]!;
  const shape = sparqlShape(query);
  if (shape.operation.kind === 'update') throw new UsageError('The catalog is read-only over SPARQL: updates are refused. Change the catalog by harvesting.');
  if (shape.operation.kind !== 'query') throw new UsageError(diagnoseSparql(query, `${config.baseUrl}/`)?.message ?? 'The query is not a SELECT, ASK, CONSTRUCT or DESCRIBE query.');
  const classified = { form: shape.operation.form };
  const graphForm = classified.form === 'CONSTRUCT' || classified.form === 'DESCRIBE';
  const format = values.format ?? (graphForm ? 'turtle' : 'csv');
  const mediaType = SPARQL_FORMATS[format];
  if (mediaType === undefined) throw new UsageError(`--format must be one of: ${Object.keys(SPARQL_FORMATS).join(', ')}.`);
  const catalog = await openCatalog({ ...config, sparql: { ...config.sparql, workers: 1 } }, logger, { sparql: true, poll: false, validationWorkers: 0 });
  try {
    const result = await catalog.sparql!.query({ query, form: classified.form, mediaType, timeoutMs: config.sparql.timeoutMs });
    process.stdout.write(result.body.endsWith('\n') ? result.body : `${result.body}\n`);
    return 0;
  } finally {
    await catalog.close();
  }
}

async function exportRecords(config: Config, logger: Logger, args: readonly string[]): Promise<number> {
  const { catalogRecordNTriples, recordUri } = await import('./rdf/catalog-record.js');
  const { values } = parseArgs({ args: [...args], options: { out: { type: 'string' } } });
  return withStoreOnly(config, logger, async (catalog) => {
    const out: NodeJS.WritableStream = values.out !== undefined ? createWriteStream(values.out) : process.stdout;
    let records = 0;
    for await (const page of catalog.store.publishedRecords()) {
      let chunk = '';
      for (const record of page) {
        const graph = `<${recordUri(config.baseUrl, record.kind, record.id)}>`;
        const triples = record.graph + catalogRecordNTriples(record, config.baseUrl, record.validation);
        for (const line of triples.split('\n')) if (line !== '') chunk += `${line.slice(0, -1)}${graph} .\n`;
        records++;
      }
      if (!out.write(chunk)) await new Promise<void>((resolve) => out.once('drain', () => resolve()));
    }
    if (out !== process.stdout) {
      out.end();
      await finished(out);
    }
    process.stderr.write(`Exported ${records} published records.\n`);
    return 0;
  });
}

/** Opens the catalog on the data directory for one command, without SPARQL, and closes it afterwards. */
async function withStoreOnly<T>(config: Config, logger: Logger, work: (catalog: Catalog) => Promise<T>): Promise<T> {
  const { openCatalog } = await import('./main.js');
  const catalog = await openCatalog(config, logger, { sparql: false, poll: false, validationWorkers: 0 });
  try {
    return await work(catalog);
  } finally {
    await catalog.close();
  }
}

async function reindex(config: Config, logger: Logger): Promise<number> {
  return withStoreOnly(config, logger, async (catalog) => {
    // Relations first: search documents carry the relation counts.
    const relationsStarted = Date.now();
    await catalog.projector.rebuild('relations');
    process.stdout.write(`Relations index rebuilt from the store in ${((Date.now() - relationsStarted) / 1000).toFixed(1)} s.\n`);
    const started = Date.now();
    await catalog.projector.rebuild('search');
    process.stdout.write(`Search index rebuilt from the store: ${await catalog.search.count()} documents in ${((Date.now() - started) / 1000).toFixed(1)} s.\n`);
    if (catalog.search.settle !== undefined) {
      // Left to the index, the postings of common words would be built once writes stop: after this process has exited.
      const settling = Date.now();
      await catalog.search.settle();
      process.stdout.write(`Search postings of common words built in ${((Date.now() - settling) / 1000).toFixed(1)} s.\n`);
    }
    return 0;
  });
}

async function sources(config: Config, logger: Logger): Promise<number> {
  return withStoreOnly(config, logger, async (catalog) => {
    const list = await catalog.store.listSources();
    if (list.length === 0) {
      process.stdout.write('No harvest sources are registered.\n');
      return 0;
    }
    const rows: (string | number)[][] = [];
    for (const s of list) {
      const [run] = await catalog.store.listRuns({ sourceId: s.id, limit: 1 });
      rows.push([
        s.id,
        s.publisher,
        s.name ?? s.url,
        s.kind,
        s.active === false ? 'paused' : 'active',
        run?.state ?? 'never',
        run ? (run.endedAt ?? run.startedAt).slice(0, 19).replace('T', ' ') : '',
        run ? `+${run.counts.added} ~${run.counts.changed} -${run.counts.removed}` : '',
        run?.counts.invalid ?? 0,
      ]);
    }
    process.stdout.write(textTable(['source', 'publisher', 'name', 'kind', 'status', 'last run', 'ended (UTC)', 'changes', 'invalid'], rows, 48));
    return 0;
  });
}

/** `datakatalog runs <source>`: the source's latest runs, newest first. */
async function runs(config: Config, logger: Logger, args: readonly string[]): Promise<number> {
  const { values, positionals } = parseArgs({ args: [...args], allowPositionals: true, options: { limit: { type: 'string', default: '20' }, json: { type: 'boolean', default: false } } });
  if (positionals.length !== 1) throw new UsageError('runs needs the id of one source (see `datakatalog sources`).');
  const limit = Number(values.limit);
  if (!Number.isInteger(limit) || limit < 1 || limit > 1000) throw new UsageError('--limit must be a whole number from 1 to 1000.');
  return withStoreOnly(config, logger, async (catalog) => {
    const source = await catalog.store.getSource(positionals[0]!);
    if (source === undefined) {
      process.stderr.write(`No harvest source with id ${positionals[0]}; \`datakatalog sources\` lists them.\n`);
      return 2;
    }
    const list = await catalog.store.listRuns({ sourceId: source.id, limit });
    if (values.json) {
      process.stdout.write(`${JSON.stringify(list, null, 2)}\n`);
      return 0;
    }
    process.stdout.write(`Runs of ${source.name ?? source.url} (${source.id}), newest first:\n`);
    if (list.length === 0) {
      process.stdout.write('  never harvested\n');
      return 0;
    }
    const rows = list.map((r) => [
      r.id,
      r.startedAt.slice(0, 19).replace('T', ' '),
      r.endedAt === undefined ? '' : `${((Date.parse(r.endedAt) - Date.parse(r.startedAt)) / 1000).toFixed(1)} s`,
      r.state + (r.notModified ? ' (304)' : ''),
      r.counts.added,
      r.counts.changed,
      r.counts.unchanged,
      r.counts.removed,
      r.counts.invalid,
      r.problems.length,
    ]);
    process.stdout.write(textTable(['run', 'started (UTC)', 'took', 'state', 'added', 'changed', 'unchanged', 'removed', 'invalid', 'problems'], rows));
    return 0;
  });
}

/** `datakatalog run <id>`: one run, its counts and every problem. */
async function run(config: Config, logger: Logger, args: readonly string[]): Promise<number> {
  const { values, positionals } = parseArgs({ args: [...args], allowPositionals: true, options: { json: { type: 'boolean', default: false } } });
  if (positionals.length !== 1) throw new UsageError('run needs the id of one run (see `datakatalog runs <source>`).');
  return withStoreOnly(config, logger, async (catalog) => {
    const found = await catalog.store.getRun(positionals[0]!);
    if (found === undefined) {
      process.stderr.write(`No harvest run with id ${positionals[0]}.\n`);
      return 2;
    }
    if (values.json) {
      process.stdout.write(`${JSON.stringify(found, null, 2)}\n`);
      return 0;
    }
    const source = await catalog.store.getSource(found.sourceId);
    const c = found.counts;
    const facts: [string, string | number][] = [
      ['run', found.id],
      ['source', `${source?.name ?? source?.url ?? '(deleted)'} (${found.sourceId})`],
      ['state', found.state + (found.notModified ? ' (not modified since the last harvest)' : '')],
      ['started', found.startedAt],
      ['ended', found.endedAt ?? '(running)'],
      ['documents', found.documents ?? 0],
      ['counts', `added ${c.added}, changed ${c.changed}, unchanged ${c.unchanged}, removed ${c.removed}, invalid ${c.invalid}, conflicts ${c.conflicts}, skipped ${c.skipped}`],
      ...(found.error !== undefined ? ([['error', found.error]] as [string, string][]) : []),
    ];
    const width = Math.max(...facts.map(([k]) => k.length));
    process.stdout.write(facts.map(([k, v]) => `${k.padEnd(width)}  ${v}`).join('\n') + '\n');
    if (found.problems.length > 0) {
      process.stdout.write(`\n${found.problems.length} ${found.problems.length === 1 ? 'problem' : 'problems'}:\n`);
      process.stdout.write(textTable(['kind', 'resource', 'line', 'message'], found.problems.map((p) => [p.kind, p.resource ?? '', p.line ?? '', p.message]), 200));
    }
    return 0;
  });
}

async function token(config: Config, logger: Logger, args: readonly string[]): Promise<number> {
  const { openAccess } = await import('./main.js');
  const [action, ...rest] = args;
  const { values, positionals } = parseArgs({
    args: rest,
    allowPositionals: true,
    options: { role: { type: 'string' }, org: { type: 'string' }, expires: { type: 'string', default: '90d' }, name: { type: 'string' }, json: { type: 'boolean', default: false } },
  });
  const opened = await openAccess(config, logger);
  try {
    switch (action) {
      case 'create': {
        if (positionals.length > 0) throw new UsageError('token create takes no arguments besides its options.');
        if (!isRole(values.role)) throw new UsageError('token create needs --role admin or --role org-admin.');
        if (values.role === 'org-admin' && values.org === undefined) throw new UsageError('An org-admin token needs --org <organisation number>.');
        if (values.role === 'admin' && values.org !== undefined) throw new UsageError('An admin token manages every organisation: leave out --org.');
        const lifetime = parseLifetime(values.expires);
        if (lifetime === null) throw new UsageError(`--expires "${values.expires}" is not a lifetime (examples: 90d, 12h, 2w, never).`);
        const { token: secret, view } = await opened.access.createToken(
          { role: values.role, ...(values.org !== undefined ? { organisation: values.org } : {}), ...(values.name !== undefined ? { name: values.name } : {}), ...(lifetime !== undefined ? { expiresInMs: lifetime } : {}) },
          `cli:${process.env.USER ?? 'unknown'}`,
        );
        if (values.json) process.stdout.write(`${JSON.stringify({ ...view, token: secret }, null, 2)}\n`);
        else {
          process.stdout.write(`${secret}\n`);
          process.stderr.write(`Token ${view.id} (${describeToken(view)}). It is shown only now: the catalog keeps only its hash.\n`);
        }
        return 0;
      }
      case 'list': {
        const tokens = await opened.access.listTokens();
        if (values.json) process.stdout.write(`${JSON.stringify(tokens, null, 2)}\n`);
        else if (tokens.length === 0) process.stdout.write('No API tokens. Create one with: datakatalog token create --role org-admin --org <orgnr>\n');
        else for (const t of tokens) process.stdout.write(`${t.id}  ${describeToken(t)}\n`);
        return 0;
      }
      case 'revoke': {
        if (positionals.length !== 1) throw new UsageError('token revoke needs the id of the token (see token list).');
        const revoked = await opened.access.revokeToken(positionals[0]!);
        process.stdout.write(`Token ${revoked.id} is revoked (${revoked.revokedAt}).\n`);
        return 0;
      }
      default:
        throw new UsageError('token needs an action: create, list or revoke.');
    }
  } finally {
    await opened.close();
  }
}

async function migrateCatalog(config: Config, args: readonly string[]): Promise<number> {
  const [{ copyCatalogToPostgres }, { catalogDbPath }] = await Promise.all([import('./store/migration/copy-to-postgres.js'), import('./store/sqlite/open-database.js')]);
  const { values, positionals } = parseArgs({ args: [...args], allowPositionals: true, options: { to: { type: 'string' }, schema: { type: 'string' }, json: { type: 'boolean', default: false } } });
  if (positionals.length > 0) throw new UsageError('migrate takes no arguments besides its options.');
  const to = values.to;
  if (to === undefined || !/^postgres(ql)?:\/\//.test(to)) throw new UsageError('migrate needs --to postgres://user:password@host:5432/database (the DATABASE_URL of the new nodes).');
  const schema = values.schema ?? config.database.schema;
  const file = catalogDbPath(config.dataDir);
  const copy = await copyCatalogToPostgres({
    url: to,
    schema,
    file,
    onTable: (t) => {
      if (!values.json) process.stderr.write(`${t.table}: ${t.sourceRows} rows, ${t.written} written, ${t.deleted} deleted, ${t.equal ? 'same on both sides' : 'DIFFERENT'}\n`);
    },
  });
  if (values.json) process.stdout.write(`${JSON.stringify(copy, null, 2)}\n`);
  else {
    process.stdout.write(`Copied ${copy.source} to ${copy.target} (schema ${copy.schema}, ${copy.mode}).\n`);
    process.stdout.write(
      textTable(['table', 'rows', 'in PostgreSQL', 'written', 'deleted', 'hash (SHA-256)', 'check'], copy.tables.map((t) => [t.table, t.sourceRows, t.targetRows, t.written, t.deleted, t.sourceHash.slice(0, 16), t.equal ? 'equal' : `DIFFERS (${t.targetHash.slice(0, 16)})`]), 200),
    );
    process.stdout.write(
      copy.verified
        ? 'Verified: every table holds the same rows on both sides. Start the nodes with DATABASE_URL set; they fill search and the SPARQL server from the store.\n'
        : 'NOT verified: the tables marked DIFFERS do not match (catalog.db changed while copying, or a write failed). Run migrate again.\n',
    );
  }
  return copy.verified ? 0 : 1;
}

function describeToken(t: ApiTokenView): string {
  const state = t.revokedAt !== undefined ? `revoked ${t.revokedAt}` : t.expiresAt !== undefined && Date.parse(t.expiresAt) <= Date.now() ? `expired ${t.expiresAt}` : t.expiresAt !== undefined ? `expires ${t.expiresAt}` : 'never expires';
  return [t.role, t.organisation !== undefined ? `organisation ${t.organisation}` : undefined, t.name !== undefined ? `"${t.name}"` : undefined, state, `last used ${t.lastUsedAt ?? 'never'}`]
    .filter((x) => x !== undefined)
    .join(', ');
}

main(process.argv.slice(2)).then(
  (code) => {
    process.exitCode = code;
  },
  (error: unknown) => {
    if (error instanceof UsageError || (error as { code?: string }).code?.startsWith('ERR_PARSE_ARGS')) {
      process.stderr.write(`${(error as Error).message}\n\n${USAGE}\n`);
      process.exitCode = 2;
    } else if (error instanceof ConfigError || error instanceof AppError) {
      process.stderr.write(`${error.message}\n`);
      process.exitCode = 2;
    } else {
      process.stderr.write(`datakatalog: ${(error as Error).stack ?? String(error)}\n`);
      process.exitCode = 1;
    }
  },
);
