/**
 * The only place that wires adapters to ports. Everything else receives its collaborators.
 *
 *   openCatalog()   store + validator + SPARQL index + search index + projector + harvesting
 *   startServer()   openCatalog() + the HTTP app + the scheduler + the demo on an empty data directory
 */
import { randomBytes } from 'node:crypto';
import { chmod, mkdir, readFile, writeFile } from 'node:fs/promises';
import type { AddressInfo } from 'node:net';
import path from 'node:path';
import type { Server } from 'node:http';
import type { Express } from 'express';
import { createHarvesters } from '../harvesters/registry.js';
import type { Config } from './config/config.js';
import type { HarvestSource } from './core/harvest-source.js';
import type { Logger } from './core/ports/logger.js';
import type { RelationsIndex } from './core/ports/relations-index.js';
import type { SearchIndex } from './core/ports/search-index.js';
import type { SparqlIndex } from './core/ports/sparql-index.js';
import type { Store } from './core/ports/store.js';
import { TermLabels } from './core/term-labels.js';
import { DEMO_DIR, DEMO_SOURCES, findProjectRoot } from './demo/demo-sources.js';
import type { FetchPolicy } from './harvest/fetch/fetcher.js';
import { fetchForValidation } from './harvest/fetch/fetch-for-validation.js';
import { createGuardedFetch } from './harvest/fetch/guarded-fetch.js';
import type { PipelineDeps } from './harvest/harvest-pipeline.js';
import { HarvestService } from './harvest/harvest-service.js';
import { HistoryRetention } from './harvest/history-retention.js';
import { PrometheusMetrics } from './metrics/prometheus-metrics.js';
import type { Metrics, SparqlCostKnown } from './core/ports/metrics.js';
import { createApp } from './http/app.js';
import { createPortal } from './http/portal/portal-router.js';
import { createDemoFilesRouter } from './http/routes/demo-files.js';
import { createHarvestSourceRouter } from './http/routes/harvest-sources.js';
import { createAccessRouter } from './http/routes/access-tokens.js';
import { AccessService } from './access/access-service.js';
import { OidcVerifier } from './access/oidc-verifier.js';
import type { AccessControl } from './core/ports/access-control.js';
import type { OrganisationRegister } from './core/ports/organisation-register.js';
import { EnhetsregisteretRegister } from './organisations/enhetsregisteret-register.js';
import { organisationSnapshot } from './organisations/organisation-snapshot.js';
import { AesGcmSecretBox } from './secrets/aes-gcm-secret-box.js';
import { conceptLookupRouter } from './http/routes/concept-lookup.js';
import { createSearchRouter } from './http/routes/search.js';
import { feedsRouter } from './http/routes/feeds.js';
import { createValidateRouter } from './http/routes/validate.js';
import { Projector } from './projection/projector.js';
import { WriterLease } from './projection/writer-lease.js';
import { RelationsProjection } from './projection/relations-projection.js';
import { ConceptLookupProjection } from './projection/concept-lookup-projection.js';
import { ReferenceDataDefault } from './search/reference-data-default.js';
import { ReferenceLabelsProjection } from './projection/reference-labels-projection.js';
import { SearchProjection } from './projection/search-projection.js';
import { recordGraphBatches, SparqlProjection } from './projection/sparql-projection.js';
import { PostgresRelationsIndex } from './relations/postgres/postgres-relations-index.js';
import { SqliteRelationsIndex } from './relations/sqlite/sqlite-relations-index.js';
import { MeilisearchIndex } from './search/meilisearch/meilisearch-index.js';
import { PostgresSearchIndex } from './search/postgres/postgres-search-index.js';
import { MemoryConceptLookup } from './search/lookup/memory-concept-lookup.js';
import { SqliteSearchIndex } from './search/sqlite/sqlite-search-index.js';
import { searchVocabularyOf } from './search/vocabulary/search-vocabulary.js';
import { termLabelsOf } from './search/vocabulary/term-labels.js';
import { autoReplicas } from './sparql/oxigraph/auto-replicas.js';
import { OxigraphSparqlIndex } from './sparql/oxigraph/oxigraph-sparql-index.js';
import type { QueryCost } from './sparql/oxigraph/query-queues.js';
import { RemoteSparqlIndex } from './sparql/remote/remote-sparql-index.js';
import { FederatingSparqlIndex } from './sparql/federation/federating-sparql-index.js';
import { PostgresStore } from './store/postgres/postgres-store.js';
import { WalCheckpointer } from './sqlite/wal-checkpointer.js';
import { SqliteStore } from './store/sqlite/sqlite-store.js';
import { UrlCheckLoop } from './quality/url-check-loop.js';
import { UrlChecker } from './quality/url-checker.js';
import { PublisherQualityReports } from './quality/publisher-quality-reports.js';
import { defaultDataDirectories } from './validation/data-directories.js';
import { DocumentValidationPool } from './validation/document-validation-pool.js';
import { ShaclValidator } from './validation/shacl-validator.js';
import { validationWorkerCount } from './validation/validation-worker-count.js';
import { HarvestedVocabularyHub } from './core/ports/harvested-vocabulary.js';
import { ReferenceRevalidation } from './validation/reference-revalidation.js';
import { loadBundledVocabularies, type BundledVocabularies } from './vocabulary/bundled-vocabularies.js';

export const PROJECT_ROOT = findProjectRoot(import.meta.url);

export interface CatalogOptions {
  /** Keep a SPARQL index (the server, `sparql`); the CLI's harvest does without. */
  readonly sparql: boolean;
  /** Validator worker threads; 0 validates in this thread. Default: config. */
  readonly validationWorkers?: number;
  /** Poll the store's change log for other processes' commits (the server). */
  readonly poll: boolean;
  /** Extra host:port the fetcher may reach for sources under a URL prefix (the demo's own files, once the port is known). */
  readonly trustedPrefix?: () => { readonly prefix: string; readonly host: string } | undefined;
  /**
   * Open before the projections have caught up with the store, and catch up (and rebuild what asks for it) in the
   * background: a service node on shared indexes (server mode), which /readyz tells apart while it is behind. The
   * CLI's commands, and the embedded service, open with every index current.
   */
  readonly catchUpInBackground?: boolean;
}

/** Every adapter of one catalog, opened on a data directory. */
export interface Catalog {
  readonly config: Config;
  readonly logger: Logger;
  readonly store: Store;
  readonly validator: ShaclValidator;
  /** Harvested reference data for validation's vocabulary rules: the harvest's validator takes it; add other validators (POST /api/validate's). */
  readonly vocabulary: HarvestedVocabularyHub;
  /** Judges stored validation reports again when the harvested reference data changes. */
  readonly revalidation: ReferenceRevalidation;
  readonly sparql: SparqlIndex | undefined;
  readonly search: SearchIndex;
  /** Labels of vocabulary terms: bundled vocab/ now; harvested SKOS schemes are added with `labels.use(source)`. */
  readonly labels: TermLabels;
  readonly relations: RelationsIndex;
  /** Term lookup over every published concept (in memory, rebuilt from the store at start). */
  readonly conceptLookup: MemoryConceptLookup;
  readonly projector: Projector;
  readonly harvest: HarvestService;
  /** Organisation numbers to organisations (Enhetsregisteret, cached in the store, the bundled snapshot offline). */
  readonly organisations: OrganisationRegister;
  /** Prometheus metrics of this process (served at /metrics by the server). */
  readonly metrics: Metrics;
  close(): Promise<void>;
}

/** The organisation register on a store: Enhetsregisteret's API (ORGANISATION_REGISTER_URL), its answers cached in the store, vocab/organisations.ttl offline. */
export function organisationRegisterOf(config: Config, store: Store, logger: Logger): OrganisationRegister {
  const vocabularies = loadBundledVocabularies(path.join(PROJECT_ROOT, 'vocab'));
  return new EnhetsregisteretRegister({
    baseUrl: config.organisations.registerUrl,
    store,
    cacheTtlMs: config.organisations.cacheTtlMs,
    timeoutMs: config.organisations.timeoutMs,
    snapshot: organisationSnapshot(vocabularies.quads),
    logger,
  });
}

/** Tokens, roles and the audit log on a store: the ADMIN_TOKEN, API tokens, and JWTs from OIDC_ISSUER when set. */
export function accessControlOf(config: Config, store: Store, organisations: OrganisationRegister, logger: Logger, adminToken: string | undefined): AccessControl {
  const oidc = config.access.oidc;
  return new AccessService({
    store,
    organisations,
    ...(adminToken !== undefined ? { adminToken } : {}),
    ...(oidc !== undefined ? { oidc: new OidcVerifier({ ...oidc, timeoutMs: 10_000 }) } : {}),
    logger,
  });
}

export function fetchPolicyOf(config: Config): FetchPolicy {
  const h = config.harvest;
  return {
    allowedHosts: h.allowedHosts,
    maxBytes: h.maxBytes,
    connectTimeoutMs: h.connectTimeoutMs,
    idleTimeoutMs: h.idleTimeoutMs,
    totalTimeoutMs: h.totalTimeoutMs,
    maxRedirects: h.maxRedirects,
    userAgent: h.userAgent,
  };
}

async function openSearchIndex(config: Config, logger: Logger, vocabularies: BundledVocabularies, labels: TermLabels, checkpointer?: WalCheckpointer): Promise<SearchIndex> {
  const vocabulary = searchVocabularyOf(vocabularies, labels);
  if (config.search.backend === 'postgres') {
    return PostgresSearchIndex.open({ url: config.database.url!, schema: config.database.schema, vocabulary, logger });
  }
  if (config.search.backend === 'meilisearch') {
    return new MeilisearchIndex({
      url: config.search.meilisearchUrl!,
      ...(config.search.meilisearchKey !== undefined ? { apiKey: config.search.meilisearchKey } : {}),
      indexUid: config.search.meilisearchIndex,
      vocabulary,
      logger,
    });
  }
  return SqliteSearchIndex.openInDataDir(config.dataDir, { vocabulary, logger, ...(checkpointer === undefined ? {} : { checkpointer }) });
}

/** What the pool knew of a query's cost when it arrived, as the metrics name it. */
const COST_KNOWN: Readonly<Record<QueryCost, SparqlCostKnown>> = { light: 'short', unknown: 'unseen', heavy: 'long' };

/** The replicas `SPARQL_WORKERS=auto` keeps for the catalog the store holds now, and its published records. */
async function autoReplicasOf(store: Store): Promise<{ readonly published: number; readonly replicas: number }> {
  const published = (await store.countRecords()).published ?? 0;
  return { published, replicas: autoReplicas(published) };
}

async function sparqlReplicas(config: Config, store: Store, logger: Logger): Promise<number> {
  if (config.sparql.workers !== 'auto') return config.sparql.workers;
  const { published, replicas } = await autoReplicasOf(store);
  logger.info({ published, replicas }, `SPARQL_WORKERS=auto: ${replicas} ${replicas === 1 ? 'replica (a large catalog; set SPARQL_WORKERS=2 for concurrent queries if memory allows)' : 'replicas'}`);
  return replicas;
}

/** The source of truth: PostgreSQL with DATABASE_URL (shared by every node), else DATA_DIR/catalog.db. */
export async function openStore(config: Config, logger: Logger, checkpointer?: WalCheckpointer): Promise<Store> {
  if (config.database.url !== undefined) return PostgresStore.open({ url: config.database.url, schema: config.database.schema, logger });
  return SqliteStore.open({ dataDir: config.dataDir, ...(checkpointer === undefined ? {} : { checkpointer }) });
}

/** Opens the store and everything projected from it. The caller closes it. */
export async function openCatalog(config: Config, logger: Logger, options: CatalogOptions): Promise<Catalog> {
  await mkdir(config.dataDir, { recursive: true });
  // The write-ahead logs of the SQLite files written here are checkpointed from a worker thread, not at the
  // commits of this one (src/sqlite/wal-checkpointer.ts); without SQLite files its worker never starts.
  const checkpointer = new WalCheckpointer({ logger });
  const store = await openStore(config, logger, checkpointer);
  const closers: (() => Promise<void>)[] = [() => checkpointer.close(), () => store.close()];
  try {
    const interrupted = await store.interruptRunningRuns(new Date().toISOString());
    if (interrupted > 0) logger.warn({ interrupted }, 'harvest runs left running by a process that stopped were marked interrupted');

    // The reference vocabularies, read once: validation's background, search's codes and labels, the labels of the record views.
    const vocabularies = loadBundledVocabularies(path.join(PROJECT_ROOT, 'vocab'));
    const labels = new TermLabels([vocabularies.labels]);
    const dirs = { ...defaultDataDirectories(), vocabDir: vocabularies.dir, vocabularyFiles: vocabularies.files };
    const validator = new ShaclValidator({ workers: options.validationWorkers ?? validationWorkerCount(config.validation.workers), logger, dirs });
    closers.push(() => validator.close());
    // Harvested reference data extends the vocabularies validation checks codes against (src/validation/harvested-layer.ts).
    const vocabulary = new HarvestedVocabularyHub();
    vocabulary.add(validator);
    // When it changes, the stored reports of the published records that name a changed term are judged again (after the validators took it).
    const revalidation = new ReferenceRevalidation({ store, validator, logger, onReplaced: () => projector.nudge() });
    vocabulary.add(revalidation);
    closers.push(() => revalidation.close());

    const projections = [];
    const loaded = new Map<string, number>();
    let sparql: SparqlIndex | undefined;
    // The metrics are made below, once what they read exists; the SPARQL engines report their waits to them from then on.
    const late: { metrics?: PrometheusMetrics } = {};
    let remote: RemoteSparqlIndex | undefined;
    if (options.sparql && config.sparql.store !== undefined) {
      // A SPARQL server holds the graph: it keeps it across restarts, and its projection keeps a cursor in the store.
      const s = config.sparql.store;
      remote = new RemoteSparqlIndex({
        server: {
          queryUrl: s.url,
          ...(s.updateUrl !== undefined ? { updateUrl: s.updateUrl } : {}),
          ...(s.gspUrl !== undefined ? { gspUrl: s.gspUrl } : {}),
          ...(s.user !== undefined && s.password !== undefined ? { credentials: { user: s.user, password: s.password } } : {}),
        },
        graphPrefix: `${config.baseUrl}/`,
        logger,
        maxRows: config.sparql.maxRows,
        maxResultChars: config.sparql.maxResultChars,
        concurrency: s.concurrency,
        writeTimeoutMs: s.writeTimeoutMs,
        writeConcurrency: s.writeConcurrency,
      });
      sparql = remote;
      const opened = remote;
      closers.push(() => opened.close());
      projections.push(new SparqlProjection(remote, config.baseUrl, store));
    } else if (options.sparql) {
      const seq = await store.latestChangeSeq();
      const replicas = await sparqlReplicas(config, store, logger);
      const embedded = OxigraphSparqlIndex.start({
        replicas,
        // A catalog that grows past the line while running lets its second copy go (about 1.7 GB at 100 000 datasets).
        ...(config.sparql.workers === 'auto' ? { replicasWanted: async () => (await autoReplicasOf(store)).replicas } : {}),
        loadAll: () => recordGraphBatches(store.publishedRecords(), config.baseUrl, store),
        logger,
        maxRows: config.sparql.maxRows,
        maxResultChars: config.sparql.maxResultChars,
        heavyAfterMs: config.sparql.heavyAfterMs,
        heavyPerClient: config.sparql.heavyPerClient,
        heavyQueue: config.sparql.heavyQueue,
        stopsPerMinute: config.sparql.stopsPerMinute,
        movesPerMinute: config.sparql.movesPerMinute,
        queryMemoryMb: config.sparql.queryMemoryMb,
        clientEngineTime: { perMinuteMs: config.sparql.clientEngineMsPerMinute, burstMs: config.sparql.clientEngineBurstMs },
        onEngineWait: (arrivedAs, ms) => late.metrics?.sparqlEngineWait(COST_KNOWN[arrivedAs], ms / 1000),
      });
      sparql = embedded;
      closers.push(() => embedded.close());
      projections.push(new SparqlProjection(embedded, config.baseUrl, store));
      loaded.set('sparql', seq);
    }
    // SERVICE runs with Comunica against the allowed endpoints (every SERVICE is refused when none is); other queries go straight to the index.
    if (sparql !== undefined) {
      sparql = new FederatingSparqlIndex(sparql, {
        allowed: config.sparql.federationAllowed,
        fetch: createGuardedFetch({ allowedHosts: config.harvest.allowedHosts, userAgent: config.harvest.userAgent }),
        callTimeoutMs: config.sparql.federationTimeoutMs,
        callMaxRows: config.sparql.federationMaxRows,
        maxRows: config.sparql.maxRows,
        maxResultChars: config.sparql.maxResultChars,
        selfEndpoint: `${config.baseUrl}/sparql`,
        logger,
      });
    }
    // The relations index before search: search documents carry relation counts and re-read the records other changes link or unlink.
    // Publishers' organisation paths (search's orgPath facet) and source registration ask the same register.
    const organisations = organisationRegisterOf(config, store, logger);
    // With a shared search index (PostgreSQL, Meilisearch) on a shared store, the relations index it reads is shared
    // too, in PostgreSQL: a node then keeps nothing of its own to rebuild when it starts. Beside a search index of the
    // node's own, it stays in the node's data directory (the search index consumes the records it marks pending).
    const sharedRelations = store instanceof PostgresStore && config.search.backend !== 'sqlite';
    const relations: RelationsIndex = sharedRelations
      ? await PostgresRelationsIndex.open({ url: config.database.url!, schema: config.database.schema, logger })
      : SqliteRelationsIndex.openInDataDir(config.dataDir, { logger, checkpointer });
    closers.push(() => relations.close());
    // Beside a store shared by several nodes, an index in this node's data directory keeps a cursor of this node.
    const ownCursor = async (name: string): Promise<string> => (store instanceof PostgresStore ? `${name}@${await nodeId(config.dataDir)}` : name);
    projections.push(new RelationsProjection(relations, sharedRelations ? 'relations' : await ownCursor('relations')));
    // Harvested reference data labels what records point to (the search index re-reads its records when they change),
    // and extends the controlled vocabularies of validation.
    projections.push(new ReferenceLabelsProjection(labels, store, () => projector.refreshLater('search'), vocabulary));
    const search = await openSearchIndex(config, logger, vocabularies, labels, checkpointer);
    closers.push(() => search.close());
    projections.push(new SearchProjection(search, store, relations, config.search.backend === 'sqlite' ? await ownCursor('search') : 'search', organisations));
    const conceptLookup = new MemoryConceptLookup();
    closers.push(() => Promise.resolve(conceptLookup.close()));
    projections.push(new ConceptLookupProjection(conceptLookup, store));

    // Several nodes on one PostgreSQL: one at a time writes the shared indexes (the SPARQL server, search in PostgreSQL).
    const lease = store instanceof PostgresStore ? new WriterLease(store, logger, config.projectionLeaseTtlMs, () => projector.nudge()) : undefined;
    const projector: Projector = new Projector(store, projections, logger, options.poll ? 1000 : 0, lease);
    closers.push(() => projector.close());
    const background = options.catchUpInBackground === true;
    await projector.start(loaded, background ? 'after' : 'before');
    // The search index is a projection: when it is gone (a deleted search.db, a new Meilisearch server) or
    // was written by another version, rebuild it from the store.
    const published = (await store.countRecords()).published ?? 0;
    // A relations index that was new (a deleted relations.db, the first start of this version) was rebuilt by
    // projector.start, where this node writes it; then the search index, whose documents carry relation counts, is too.
    const relationsRebuilt = projector.rebuiltAtStart.has('relations') && published > 0;
    const rebuilds: string[] = [];
    // A SPARQL server that lost its graphs (a new or emptied server behind a kept cursor) is refilled from the store.
    if (remote !== undefined && published > 0 && !(await remote.holdsCatalogGraphs())) {
      logger.info({ published }, 'the SPARQL server holds none of the catalog\'s graphs: loading them from the store');
      rebuilds.push('sparql');
    }
    if (relationsRebuilt || ((search instanceof SqliteSearchIndex || search instanceof PostgresSearchIndex) && search.needsRebuild) || (published > 0 && (await search.count()) === 0)) {
      logger.info({ published }, 'the search index is empty or outdated: rebuilding it from the store');
      rebuilds.push('search');
    }
    // Each in its lane, beside the others: in server mode a SPARQL server refilled from the store takes hours at 1 000 000 graphs.
    const rebuildAll = async (): Promise<void> => {
      const failed = (await Promise.allSettled(rebuilds.map((name) => projector.rebuild(name)))).find((r) => r.status === 'rejected');
      if (failed !== undefined) throw failed.reason;
    };
    if (!background) await rebuildAll();
    else void rebuildAll().catch((error: unknown) => logger.error({ err: error, rebuilds }, 'rebuilding an index from the store failed; restart the node or run `datakatalog reindex`'));

    const policy = fetchPolicyOf(config);
    const trusted = options.trustedPrefix;
    const deps: PipelineDeps = {
      store,
      validator,
      harvesters: createHarvesters(),
      policy,
      policyFor: (source: HarvestSource) => {
        const t = trusted?.();
        return t !== undefined && source.url.startsWith(t.prefix) ? { ...policy, allowedHosts: [...policy.allowedHosts, t.host] } : policy;
      },
      maxPages: config.harvest.maxPages,
      baseUrl: config.baseUrl,
      defaultProfile: config.validation.defaultProfile,
      logger,
      onCommit: () => projector.nudge(),
      organisations,
      ...(config.sourceSecretKey !== undefined ? { secrets: new AesGcmSecretBox(config.sourceSecretKey) } : {}),
    };
    const metrics = new PrometheusMetrics({
      recordCounts: () => store.countRecordsByKind(),
      indexLag: () => projector.lag(),
      runningHarvests: () => harvest.runningCount,
    });
    late.metrics = metrics;
    const harvest: HarvestService = new HarvestService(deps, logger, { onFinished: (run) => metrics.harvestRun(run.state), schedulerLeaseTtlMs: config.harvest.schedulerLeaseTtlMs });
    closers.push(() => harvest.close());

    return {
      config,
      logger,
      store,
      validator,
      vocabulary,
      revalidation,
      sparql,
      // Reference data is left out of searches that do not ask for it (src/search/reference-data-default.ts).
      search: new ReferenceDataDefault(search),
      labels,
      relations,
      conceptLookup,
      projector,
      harvest,
      organisations,
      metrics,
      close: async () => {
        for (const close of closers.reverse()) await close().catch((error: unknown) => logger.warn({ err: error }, 'error while closing'));
      },
    };
  } catch (error) {
    for (const close of closers.reverse()) await close().catch((closeError: unknown) => logger.warn({ err: closeError }, 'error while closing after a failed start'));
    throw error;
  }
}

/** The store and access control alone (the CLI's `token` commands): no indexes, no validator. */
export async function openAccess(config: Config, logger: Logger): Promise<{ readonly access: AccessControl; readonly organisations: OrganisationRegister; close(): Promise<void> }> {
  await mkdir(config.dataDir, { recursive: true });
  const store = await openStore(config, logger);
  const organisations = organisationRegisterOf(config, store, logger);
  return { access: accessControlOf(config, store, organisations, logger, undefined), organisations, close: () => store.close() };
}

/** This node's name among the nodes sharing a store: generated once into the data directory (`node-id`). */
async function nodeId(dataDir: string): Promise<string> {
  const file = path.join(dataDir, 'node-id');
  await writeFile(file, `${randomBytes(8).toString('hex')}\n`, { flag: 'wx' }).catch(() => undefined);
  return (await readFile(file, 'utf8')).trim();
}

/** The token writes need: ADMIN_TOKEN, or one generated once into the data directory (mode 0600). */
async function adminToken(config: Config, logger: Logger): Promise<string> {
  if (config.adminToken !== undefined) return config.adminToken;
  const file = path.join(config.dataDir, 'admin-token');
  try {
    return (await readFile(file, 'utf8')).trim();
  } catch {
    const token = randomBytes(24).toString('base64url');
    // Another process may have written the file first ('wx' then fails) and a chmod may be refused: the read below decides.
    await writeFile(file, `${token}\n`, { mode: 0o600, flag: 'wx' }).catch(() => undefined);
    await chmod(file, 0o600).catch(() => undefined);
    logger.warn({ file }, 'ADMIN_TOKEN is not set: generated a token for writes into the data directory');
    return (await readFile(file, 'utf8')).trim();
  }
}

export interface RunningServer {
  readonly url: string;
  /** The HTTP application (tests walk its routes). */
  readonly app: Express;
  readonly catalog: Catalog;
  /** Resolves when the demo catalog (if any) has been harvested. */
  readonly demoHarvested: Promise<void>;
  /** The background URL checks of distributions (every URL_CHECK_INTERVAL; `runOnce()` runs a round now). */
  readonly urlChecks: UrlCheckLoop;
  close(): Promise<void>;
}

/** The URL checker: the harvest's guard and allow-list (HARVEST_ALLOWED_HOSTS), results kept in the store. */
export function urlCheckerOf(config: Config, store: Store): UrlChecker {
  return new UrlChecker({
    fetch: createGuardedFetch({ allowedHosts: config.harvest.allowedHosts, userAgent: config.harvest.userAgent }),
    store,
    ttlMs: config.urlCheck.ttlMs,
    hostIntervalMs: config.urlCheck.hostIntervalMs,
    timeoutMs: config.urlCheck.timeoutMs,
    maxRetryAfterMs: config.urlCheck.maxRetryAfterMs,
    hostsAtOnce: config.urlCheck.hostsAtOnce,
  });
}

/** Starts the whole service: catalog, HTTP app, scheduler and, on an empty data directory, the demo. */
export async function startServer(config: Config, logger: Logger): Promise<RunningServer> {
  // The demo's own files are fetched over loopback from this process: the fetcher may reach exactly that prefix.
  const demoPrefix = (port: number): string => `http://127.0.0.1:${port}/demo/`;
  let listeningPort: number | undefined;
  let closeDocuments: () => Promise<void> = async () => {};
  const catalog = await openCatalog(config, logger, {
    sparql: true,
    poll: true,
    // Server mode: the node serves at once while the shared indexes catch up (/readyz says how far behind they are).
    catchUpInBackground: config.database.url !== undefined,
    trustedPrefix: () => (listeningPort === undefined ? undefined : { prefix: demoPrefix(listeningPort), host: `127.0.0.1:${listeningPort}` }),
  });
  try {
    const access = accessControlOf(config, catalog.store, catalog.organisations, logger, await adminToken(config, logger));
    // POST /api/validate has worker threads of its own: a harvest never waits behind an anonymous document.
    const documents = new DocumentValidationPool({ ...config.validate, dirs: defaultDataDirectories(), logger });
    const unhook = catalog.vocabulary.add(documents);
    closeDocuments = () => {
      unhook();
      return documents.close();
    };
    const publisherQuality = new PublisherQualityReports(catalog.store, config.baseUrl);
    const app = createApp({
      logger,
      baseUrl: config.baseUrl,
      publisherQuality,
      store: catalog.store,
      labels: catalog.labels,
      sparql: catalog.sparql!,
      relations: catalog.relations,
      sparqlTimeoutMs: config.sparql.timeoutMs,
      maxQueryLength: config.sparql.maxQueryLength,
      portal: createPortal({
        store: catalog.store,
        search: catalog.search,
        relations: catalog.relations,
        validator: documents,
        logger,
        baseUrl: config.baseUrl,
        termLabel: termLabelsOf(catalog.labels),
        defaultProfile: config.validation.defaultProfile,
        maxValidateBytes: config.validate.maxBytes,
        fetchDocument: fetchForValidation(fetchPolicyOf(config), config.validate.maxBytes),
      }),
      sparqlMinTimeoutMs: config.sparql.minTimeoutMs,
      metrics: catalog.metrics,
      rateLimits: {
        sparql: { limit: config.rateLimits.sparql, windowMs: config.rateLimits.windowMs },
        search: { limit: config.rateLimits.search, windowMs: config.rateLimits.windowMs },
        records: { limit: config.rateLimits.records, windowMs: config.rateLimits.windowMs },
      },
      indexLag: () => catalog.projector.lag(),
      maxIndexLag: config.readyMaxIndexLag,
      sharedIndexes: () => catalog.projector.sharedNames,
      isScheduler: () => catalog.harvest.isScheduler,
      isProjectionWriter: () => catalog.projector.writesShared,
      historyRetentionMs: config.historyRetentionMs,
      ldesPageSize: config.ldesPageSize,
      routers: [
        { path: '/', router: createSearchRouter({ index: catalog.search, logger, baseUrl: config.baseUrl }), cors: true },
        { path: '/', router: feedsRouter({ index: catalog.search, baseUrl: config.baseUrl }), cors: true },
        { path: '/', router: conceptLookupRouter({ index: catalog.conceptLookup, baseUrl: config.baseUrl }), cors: true },
        { path: '/', router: createHarvestSourceRouter({ store: catalog.store, harvest: catalog.harvest, access, logger, baseUrl: config.baseUrl }) },
        { path: '/', router: createAccessRouter({ access, logger, baseUrl: config.baseUrl }) },
        { path: '/', router: createValidateRouter({ validator: documents, defaultProfile: config.validation.defaultProfile, maxBytes: config.validate.maxBytes }) },
        { path: '/', router: createDemoFilesRouter(DEMO_DIR) },
      ],
    });
    const server: Server = await new Promise((resolve, reject) => {
      const s = app.listen(config.port, config.host, () => resolve(s));
      s.once('error', reject);
    });
    listeningPort = (server.address() as AddressInfo).port;
    const url = `http://${config.host === '0.0.0.0' ? '127.0.0.1' : config.host}:${listeningPort}`;
    logger.info({ url, baseUrl: config.baseUrl, dataDir: config.dataDir }, 'datakatalog is listening');

    const demoHarvested = config.demo
      ? seedDemo(catalog, demoPrefix(listeningPort), logger).catch((error: unknown) => logger.error({ err: error }, 'harvesting the demo catalog failed'))
      : Promise.resolve();
    // The schedule starts once the demo (harvested source by source) is in, so the two never ask for the same source.
    void demoHarvested.then(() =>
      catalog.harvest.schedule({ intervalMs: config.harvest.intervalMs, jitter: config.harvest.jitter, concurrency: config.harvest.concurrency, backoffMs: config.harvest.backoffMs }),
    );
    const retention = new HistoryRetention(catalog.store, config.historyRetentionMs, logger);
    retention.start();
    // A changed URL result changes scores: the SPARQL graphs (with their DQV) and the search documents (quality facet,
    // sort and hit scores; unchanged documents are skipped) are re-read after such a round.
    const urlChecks = new UrlCheckLoop(catalog.store, urlCheckerOf(config, catalog.store), logger, config.urlCheck.intervalMs, () => {
      if (catalog.sparql !== undefined) catalog.projector.refreshLater('sparql');
      catalog.projector.refreshLater('search');
      publisherQuality.invalidate();
    });
    urlChecks.start();
    // Each harvest that added or changed records is followed by a round over the URLs it introduced or changed
    // (unless URL checks are off: URL_CHECK_INTERVAL=0).
    if (config.urlCheck.intervalMs > 0) catalog.harvest.onRunFinished((run) => void urlChecks.afterHarvest(run));

    return {
      url,
      app,
      catalog,
      demoHarvested,
      urlChecks,
      close: () => shutDown({ server, catalog, logger, stopOthers: async () => (retention.stop(), await urlChecks.close(), await closeDocuments()) }),
    };
  } catch (error) {
    await closeDocuments();
    await catalog.close();
    throw error;
  }
}

/** How long requests in flight may take to finish at shutdown before their connections are closed. */
export const SHUTDOWN_DRAIN_MS = 5_000;

/**
 * Graceful shutdown (SIGTERM): stop taking connections; stop the running harvests (each commits the
 * records in hand and ends `interrupted`) while the requests in flight finish, for up to
 * SHUTDOWN_DRAIN_MS, then close what is left; mark any run of this process still `running` as
 * interrupted; close the indexes and the store.
 */
async function shutDown(parts: { server: Server; catalog: Catalog; logger: Logger; stopOthers: () => Promise<void> }): Promise<void> {
  const { server, catalog, logger } = parts;
  const closed = new Promise<void>((resolve) => server.close(() => resolve()));
  server.closeIdleConnections();
  const drained = Promise.race([closed, new Promise<void>((resolve) => setTimeout(resolve, SHUTDOWN_DRAIN_MS).unref())]);
  await Promise.all([catalog.harvest.close(), drained]);
  server.closeAllConnections();
  await closed;
  const interrupted = await catalog.store.interruptRunningRuns(new Date().toISOString()).catch((error: unknown) => {
    logger.error({ err: error }, 'could not mark the running harvests interrupted at shutdown; the next start does');
    return 0;
  });
  if (interrupted > 0) logger.warn({ interrupted }, 'harvest runs still running at shutdown were marked interrupted');
  await parts.stopOthers();
  await catalog.close();
}

/** On an empty data directory: registers one source per demo agency and harvests them through the real pipeline. */
async function seedDemo(catalog: Catalog, prefix: string, logger: Logger): Promise<void> {
  if ((await catalog.store.listSources()).length > 0) return;
  logger.info({ sources: DEMO_SOURCES.length }, 'empty data directory: harvesting the demo catalog (DEMO=false turns this off)');
  for (const demo of DEMO_SOURCES) {
    const source = await catalog.harvest.register({ url: `${prefix}${demo.file}`, publisher: demo.publisher, name: demo.name, kind: demo.kind });
    const run = await catalog.harvest.harvest(source);
    logger.info({ source: demo.name, state: run.state, counts: run.counts, error: run.error }, 'demo source harvested');
  }
  await catalog.projector.sync();
}
