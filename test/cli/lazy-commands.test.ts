import { readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';

// The CLI reads its command before it loads what the command needs: `datakatalog --help`, `token list`
// or `sources` never load the SPARQL engine, the validator or the harvesters of the others. What
// src/cli.ts imports statically (values, not types) is only what every command shares and is light.

const CLI = readFileSync(path.resolve(import.meta.dirname, '../../src/cli.ts'), 'utf8');
const LIGHT = new Set([
  'node:fs', 'node:path', 'node:stream/promises', 'node:util',
  './config/config.js', './core/errors.js', './core/lifetime.js', './core/principal.js', './core/organisation-number.js', './text-table.js', './heap-growth.js',
]);

describe('the CLI loads each command’s modules when that command runs', () => {
  const staticImports = [...CLI.matchAll(/^import\s+(?!type\b)[^;]*?from\s+'([^']+)';/gms)].map((m) => m[1]!);

  it('imports statically only light modules every command shares', () => {
    expect(staticImports.length).toBeGreaterThan(3);
    expect(staticImports.filter((m) => !LIGHT.has(m))).toEqual([]);
  });

  it('loads the service, the harvest pipeline and the validator through import() inside the commands', () => {
    for (const module of ['./main.js', './validation/index.js', './harvest/source-registration.js', './cli/harvest-progress.js', './logging/pino-logger.js']) {
      expect(CLI, module).toContain(`import('${module}')`);
    }
  });
});
