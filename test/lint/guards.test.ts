import path from 'node:path';
import { ESLint, type Linter } from 'eslint';
import ts from 'typescript';
import { beforeAll, describe, expect, it } from 'vitest';

/**
 * The guards catch what they guard against: each gets a deliberate violation, linted with the
 * project's own eslint.config.js or compiled with the project's own tsconfig.json. The fixture
 * sources live in memory (a file on disk would break `npm run lint` and `npm run typecheck`), inside
 * one TypeScript program that the type-aware rules read.
 */

const ROOT = path.resolve(import.meta.dirname, '../..');

/** Each fixture's path decides its layer; its text is a small module. */
const FIXTURES = {
  // Layering: src/core may reach nothing above it, whichever way a module names another.
  coreImport: ['src/core/guard-fixture-import.ts', "import { searchIndex } from '../search/search-index.js';\nexport const x = searchIndex;\n"],
  coreImportType: ['src/core/guard-fixture-import-type.ts', "import type { SearchIndex } from '../search/search-index.js';\nexport type X = SearchIndex;\n"],
  coreExportFrom: ['src/core/guard-fixture-export-from.ts', "export { searchIndex } from '../search/search-index.js';\n"],
  coreExportAll: ['src/core/guard-fixture-export-all.ts', "export * from '../http/app.js';\n"],
  coreDynamicImport: ['src/core/guard-fixture-dynamic-import.ts', "export async function load(): Promise<unknown> {\n  return import('../harvest/harvest-service.js');\n}\n"],
  coreImportTypeQuery: ['src/core/guard-fixture-type-query.ts', "export type X = import('../main.js').Catalog;\n"],
  rdfFromCapability: ['src/rdf/guard-fixture.ts', "export { x } from '../validation/profiles.js';\n"],
  harvesterFromCapability: ['harvesters/guard-fixture.ts', "export async function f(): Promise<unknown> {\n  return import('../src/store/sqlite-store.js');\n}\n"],
  postgresFromCapability: ['src/postgres/guard-fixture.ts', "export { PostgresStore } from '../store/postgres/postgres-store.js';\n"],
  sqliteFromCapability: ['src/sqlite/guard-fixture.ts', "export { SqliteStore } from '../store/sqlite/sqlite-store.js';\n"],
  // … and what is allowed stays allowed.
  rdfFromCore: ['src/rdf/guard-fixture-allowed.ts', "import type { Logger } from '../core/ports/logger.js';\nexport type { Logger };\nexport * from '../core/errors.js';\n"],
  harvesterFromCoreAndRdf: ['harvesters/guard-fixture-allowed.ts', "export * from '../src/core/errors.js';\nexport { DCAT } from '../src/rdf/namespaces.js';\n"],
  capabilityFromPostgres: ['src/search/guard-fixture-allowed.ts', "export { openIndexPool } from '../postgres/index-pool.js';\nexport * from '../core/errors.js';\n"],
  capabilityFromSqlite: ['src/store/guard-fixture-allowed.ts', "export { WalCheckpointer } from '../sqlite/wal-checkpointer.js';\n"],
  // Promises: a floating one and one passed where a void callback is expected …
  floating: ['src/core/guard-fixture-floating.ts', 'async function save(): Promise<void> {}\nexport function run(): void {\n  save();\n}\n'],
  misused: ['src/core/guard-fixture-misused.ts', 'export function run(items: string[]): void {\n  items.forEach(async (item) => {\n    await Promise.resolve(item);\n  });\n}\n'],
  misusedCondition: ['src/core/guard-fixture-condition.ts', 'async function ready(): Promise<boolean> {\n  return true;\n}\nexport function run(): number {\n  return ready() ? 1 : 0;\n}\n'],
  // … and the three honest ways: awaited, handled with a logged catch, detached on purpose.
  promisesHandled: [
    'src/core/guard-fixture-handled.ts',
    "async function save(): Promise<void> {}\nexport async function run(log: (e: unknown) => void): Promise<void> {\n  await save();\n  save().catch((error: unknown) => log(error));\n  void save(); // detached on purpose: nothing waits for it\n}\n",
  ],
} as const satisfies Record<string, readonly [string, string]>;

type FixtureName = keyof typeof FIXTURES;
const absolute = (name: FixtureName): string => path.join(ROOT, FIXTURES[name][0]);

/** The project's compiler options, as `npm run typecheck` uses them. */
function projectCompilerOptions(): ts.CompilerOptions {
  const file = path.join(ROOT, 'tsconfig.json');
  const { config } = ts.readConfigFile(file, (f) => ts.sys.readFile(f));
  const parsed = ts.parseJsonConfigFileContent(config, ts.sys, ROOT, { noEmit: true }, file);
  return parsed.options;
}

/** A program over in-memory sources (the rest of the tree read from disk as usual). */
function programOf(sources: Record<string, string>, options: ts.CompilerOptions): ts.Program {
  const host = ts.createCompilerHost(options);
  const { getSourceFile, fileExists, readFile } = host;
  host.getSourceFile = (name, language, ...rest) => {
    const text = sources[path.resolve(name)];
    return text !== undefined ? ts.createSourceFile(name, text, language, true) : getSourceFile.call(host, name, language, ...rest);
  };
  host.fileExists = (name) => sources[path.resolve(name)] !== undefined || fileExists.call(host, name);
  host.readFile = (name) => sources[path.resolve(name)] ?? readFile.call(host, name);
  return ts.createProgram(Object.keys(sources), options, host);
}

describe('the lint guards catch a deliberate violation of each', { timeout: 180_000 }, () => {
  const results = new Map<FixtureName, Linter.LintMessage[]>();

  beforeAll(async () => {
    const names = Object.keys(FIXTURES) as FixtureName[];
    const program = programOf(Object.fromEntries(names.map((n) => [absolute(n), FIXTURES[n][1]])), projectCompilerOptions());
    // The project's eslint.config.js, with the type information taken from the in-memory program.
    const eslint = new ESLint({
      cwd: ROOT,
      overrideConfig: { files: names.map((n) => FIXTURES[n][0]), languageOptions: { parserOptions: { projectService: false, programs: [program] } } },
    });
    for (const name of names) {
      const [result] = await eslint.lintText(FIXTURES[name][1], { filePath: absolute(name) });
      results.set(name, result!.messages);
    }
  });

  const rulesOf = (name: FixtureName): string[] => results.get(name)!.map((m) => m.ruleId ?? `parse error: ${m.message}`);

  it.each([
    ['an import', 'coreImport'],
    ['an import type', 'coreImportType'],
    ['an export … from', 'coreExportFrom'],
    ['an export * from', 'coreExportAll'],
    ['a dynamic import()', 'coreDynamicImport'],
    ["an import('…') type", 'coreImportTypeQuery'],
    ['src/rdf reaching a capability', 'rdfFromCapability'],
    ['a harvester reaching a capability by import()', 'harvesterFromCapability'],
    ['src/postgres (shared plumbing) reaching a capability', 'postgresFromCapability'],
    ['src/sqlite (shared plumbing) reaching a capability', 'sqliteFromCapability'],
  ] as const)('layering: %s across layers is an error', (_what, name) => {
    // (`import('…').T` also meets consistent-type-imports; the layering error is the one asked about.)
    const layering = results.get(name)!.filter((m) => m.ruleId === 'datakatalog/layering');
    expect(layering).toHaveLength(1);
    expect(layering[0]!.severity).toBe(2);
    expect(rulesOf(name).filter((r) => r.startsWith('parse error'))).toEqual([]);
  });

  it('layering: src/rdf may use src/core, a harvester src/core and src/rdf', () => {
    expect(rulesOf('rdfFromCore')).toEqual([]);
    expect(rulesOf('harvesterFromCoreAndRdf')).toEqual([]);
  });

  it('layering: a capability may use src/postgres and src/sqlite, the shared plumbing of the adapters on PostgreSQL and on SQLite', () => {
    expect(rulesOf('capabilityFromPostgres')).toEqual([]);
    expect(rulesOf('capabilityFromSqlite')).toEqual([]);
  });

  it('a floating promise is an error', () => {
    expect(rulesOf('floating')).toEqual(['@typescript-eslint/no-floating-promises']);
    expect(results.get('floating')![0]!.line).toBe(3);
  });

  it('a promise where a void callback or a condition is expected is an error', () => {
    expect(rulesOf('misused')).toEqual(['@typescript-eslint/no-misused-promises']);
    expect(rulesOf('misusedCondition')).toEqual(['@typescript-eslint/no-misused-promises']);
  });

  it('an awaited promise, one with a logged catch and one detached on purpose pass', () => {
    expect(rulesOf('promisesHandled')).toEqual([]);
  });
});

describe('exactOptionalPropertyTypes (the project’s tsconfig.json)', () => {
  const file = path.join(ROOT, 'src/core/guard-fixture-optional.ts');
  const diagnosticsOf = (text: string): string[] => {
    const program = programOf({ [file]: text }, { ...projectCompilerOptions(), types: [] });
    return ts.getPreEmitDiagnostics(program, program.getSourceFile(file)).map((d) => `TS${d.code}: ${ts.flattenDiagnosticMessageText(d.messageText, ' ')}`);
  };
  const OPTIONAL = 'export interface Source {\n  readonly id: string;\n  readonly etag?: string;\n}\n';

  it('rejects undefined written into an optional property', () => {
    const errors = diagnosticsOf(`${OPTIONAL}export const s: Source = { id: 'a', etag: undefined };\n`);
    expect(errors).toHaveLength(1);
    expect(errors[0]).toMatch(/^TS2375: .*exactOptionalPropertyTypes: true/);
  });

  it('accepts the property left out, or spread in only when it has a value', () => {
    expect(diagnosticsOf(`${OPTIONAL}export const s: Source = { id: 'a' };\nexport function t(etag: string | undefined): Source {\n  return { id: 'b', ...(etag !== undefined ? { etag } : {}) };\n}\n`)).toEqual([]);
  });
});
