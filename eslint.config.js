// Lint: typescript-eslint's recommended rules, plus the project's layering rule.
// Layers (see README "Architecture"): core ← rdf ← capabilities ← main/cli.
// Capabilities meet only through the ports in src/core; harvesters see core and rdf only.
// src/postgres and src/sqlite are shared plumbing of the adapters on PostgreSQL (connections, migrations)
// and on SQLite files (background checkpoints), no capability: every capability may use them, and they
// use core only.
import path from 'node:path';
import js from '@eslint/js';
import tseslint from 'typescript-eslint';

const root = path.dirname(new URL(import.meta.url).pathname);

/** Which layer a file belongs to: 'core', 'rdf', 'harvesters', 'main', a capability name, or null. */
function layerOf(file) {
  const rel = path.relative(root, file).split(path.sep);
  if (rel[0] === 'harvesters') return 'harvesters';
  if (rel[0] !== 'src') return null;
  if (rel.length === 2 || rel[1] === 'cli') return 'main'; // src/main.ts, src/cli.ts and the CLI's parts in src/cli/
  return rel[1];
}

const allowed = {
  core: ['core'],
  rdf: ['core', 'rdf'],
  harvesters: ['core', 'rdf', 'harvesters'],
  postgres: ['core', 'postgres'],
  sqlite: ['core', 'sqlite'],
};
/** What a capability may use besides itself. */
const CAPABILITY = ['core', 'rdf', 'postgres', 'sqlite'];

/** The module a static specifier names: a string literal, or a template literal without substitutions. */
function specifierOf(source) {
  if (!source) return null;
  if (source.type === 'Literal' && typeof source.value === 'string') return source.value;
  if (source.type === 'TemplateLiteral' && source.expressions.length === 0) return source.quasis[0]?.value.cooked ?? null;
  // `import type X = require('…')` and `typeof import('…')` carry the specifier one level down.
  if (source.type === 'TSExternalModuleReference' || source.type === 'TSLiteralType') return specifierOf(source.expression ?? source.literal);
  return null;
}

const layering = {
  meta: { type: 'problem', schema: [], messages: { layer: "{{from}} may not import from {{to}}: capabilities meet through the ports in src/core, and only src/main.ts wires adapters." } },
  create(context) {
    const from = layerOf(context.filename);
    if (from === null || from === 'main') return {};
    /** Every way one module reaches another goes through here: import, import type, export … from, import(), import('…').T. */
    function check(node, source) {
      const spec = specifierOf(source);
      if (spec === null || !spec.startsWith('.')) return;
      const to = layerOf(path.resolve(path.dirname(context.filename), spec));
      if (to === null || to === from) return;
      const ok = allowed[from] ?? CAPABILITY;
      if (!ok.includes(to)) context.report({ node, messageId: 'layer', data: { from: `src/${from}`, to: to === 'main' ? 'src/main' : `src/${to}` } });
    }
    return {
      ImportDeclaration: (node) => check(node, node.source),
      ExportNamedDeclaration: (node) => check(node, node.source),
      ExportAllDeclaration: (node) => check(node, node.source),
      ImportExpression: (node) => check(node, node.source),
      TSImportType: (node) => check(node, node.argument),
      TSImportEqualsDeclaration: (node) => check(node, node.moduleReference),
    };
  },
};

export default tseslint.config(
  { ignores: ['dist/**', 'node_modules/**', 'data/**', 'coverage/**', '.bench/**', '.scratch/**', '.scratch-*', '.tmp-*'] },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  {
    plugins: { datakatalog: { rules: { layering } } },
    languageOptions: { globals: { process: 'readonly', console: 'readonly', URL: 'readonly', Buffer: 'readonly', setTimeout: 'readonly', clearTimeout: 'readonly', setImmediate: 'readonly', setInterval: 'readonly', clearInterval: 'readonly', AbortController: 'readonly', AbortSignal: 'readonly', TextDecoder: 'readonly', TextEncoder: 'readonly', fetch: 'readonly', structuredClone: 'readonly', performance: 'readonly', queueMicrotask: 'readonly' } },
    rules: {
      'datakatalog/layering': 'error',
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_', caughtErrors: 'none' }],
      '@typescript-eslint/consistent-type-imports': 'error',
      'no-console': 'error',
    },
  },
  {
    // Type-aware rules: a promise is awaited, handled with a logged catch, or detached with a comment saying why.
    files: ['**/*.ts', '**/*.tsx'],
    languageOptions: { parserOptions: { projectService: true, tsconfigRootDir: root } },
    rules: {
      '@typescript-eslint/no-floating-promises': 'error',
      '@typescript-eslint/no-misused-promises': 'error',
    },
  },
  {
    files: ['src/**/*.ts', 'src/**/*.tsx', 'harvesters/**/*.ts'],
    rules: {
      'no-restricted-syntax': ['error', { selector: 'ExportDefaultDeclaration', message: 'Use named exports.' }],
    },
  },
  {
    files: ['test/**', 'bench/**', 'bin/**', '*.config.*', 'src/cli.ts'],
    rules: { 'no-console': 'off' },
  },
);
