#!/usr/bin/env node
// The installed command. It runs the compiled CLI (built by `npm install` through the `prepare` script).
import { existsSync } from 'node:fs';
import { fileURLToPath, pathToFileURL } from 'node:url';

const compiled = fileURLToPath(new URL('../dist/src/cli.js', import.meta.url));
if (!existsSync(compiled)) {
  process.stderr.write('datakatalog: the compiled code is missing. Run `npm install` (or `npm run build`) in the project folder first.\n');
  process.exit(2);
}
await import(pathToFileURL(compiled).href);
