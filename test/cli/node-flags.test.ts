import { execFileSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { SERVICE_NODE_FLAGS } from '../../src/node-flags.js';

const root = path.join(import.meta.dirname, '../..');
const read = (file: string): string => readFileSync(path.join(root, file), 'utf8');

describe("the service process's V8 options (SERVICE_NODE_FLAGS)", () => {
  it('are what every way of starting the service passes to node', () => {
    expect(SERVICE_NODE_FLAGS).toContain('--max-semi-space-size=64');
    const shebang = read('bin/datakatalog.js').split('\n')[0]!;
    expect(shebang).toBe(`#!/usr/bin/env -S node ${SERVICE_NODE_FLAGS.join(' ')}`);
    const scripts = (JSON.parse(read('package.json')) as { scripts: Record<string, string> }).scripts;
    expect(scripts.start).toBe(`node ${SERVICE_NODE_FLAGS.join(' ')} bin/datakatalog.js serve`);
    // The benchmarks run the service in their own process too (the harvest bench's 100 000-dataset section).
    expect(scripts.bench).toBe(`node ${SERVICE_NODE_FLAGS.join(' ')} --import tsx test/bench/run.ts`);
    const cmd = /^CMD (\[.*\])$/m.exec(read('deploy/Dockerfile'))?.[1];
    expect(JSON.parse(cmd ?? '[]')).toEqual(['node', ...SERVICE_NODE_FLAGS, 'bin/datakatalog.js', 'serve']);
  });

  it('are options this node takes (it refuses one it does not know: "bad option", exit code 9)', () => {
    const out = execFileSync(process.execPath, [...SERVICE_NODE_FLAGS, '-e', 'process.stdout.write(JSON.stringify(process.execArgv))'], { encoding: 'utf8' });
    expect((JSON.parse(out) as string[]).slice(0, SERVICE_NODE_FLAGS.length)).toEqual(SERVICE_NODE_FLAGS);
  });
});
