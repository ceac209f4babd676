import { execFileSync } from 'node:child_process';
import { chmodSync, mkdirSync, mkdtempSync, readFileSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { readLocalFile } from '../../../src/harvest/fetch/local-file.js';
import { fetchFailure } from './support/guarded-test-servers.js';

let dir: string;
beforeAll(() => {
  dir = mkdtempSync(path.join(os.tmpdir(), 'datakatalog-local-file-'));
});
afterAll(() => rmSync(dir, { recursive: true, force: true }));

const failure = fetchFailure;

describe('readLocalFile', () => {
  it('reads a file as bytes, undecoded, also from a relative path', async () => {
    const file = path.join(dir, 'catalog.ttl');
    const bytes = Buffer.from([0xef, 0xbb, 0xbf, 0x40, 0xe6, 0xf8]);
    writeFileSync(file, bytes);
    const body = await readLocalFile(path.relative(process.cwd(), file), 1000);
    expect(body.equals(bytes)).toBe(true);
  });

  it('reads an empty file and a file of exactly the cap', async () => {
    writeFileSync(path.join(dir, 'empty.ttl'), '');
    writeFileSync(path.join(dir, 'exact.ttl'), 'a'.repeat(100));
    expect((await readLocalFile(path.join(dir, 'empty.ttl'), 100)).length).toBe(0);
    expect((await readLocalFile(path.join(dir, 'exact.ttl'), 100)).length).toBe(100);
  });

  it('reads files larger than one read chunk', async () => {
    const big = Buffer.alloc(3 * 1024 * 1024 + 17, 'x');
    writeFileSync(path.join(dir, 'big.nt'), big);
    const body = await readLocalFile(path.join(dir, 'big.nt'), 10_000_000);
    expect(body.equals(big)).toBe(true);
  });

  // Linux's /proc files say they hold 0 bytes: what is read past the size fstat gave is read all the same, and capped.
  it.skipIf(process.platform !== 'linux')('reads a file that holds more than fstat says, up to the cap', async () => {
    const expected = readFileSync('/proc/self/cmdline');
    expect(expected.length).toBeGreaterThan(10);
    expect((await readLocalFile('/proc/self/cmdline', 1_000_000)).equals(expected)).toBe(true);
    expect(await failure(readLocalFile('/proc/self/cmdline', 5))).toMatchObject({ reason: 'too-large', limit: 5 });
  });

  it('refuses a file above the cap, naming both sizes', async () => {
    const file = path.join(dir, 'large.ttl');
    writeFileSync(file, 'a'.repeat(101));
    const error = await failure(readLocalFile(file, 100));
    expect(error).toMatchObject({ reason: 'too-large', limit: 100, message: `${file} is 101 bytes, larger than the limit of 100 bytes.` });
  });

  it('reports a missing file', async () => {
    const file = path.join(dir, 'missing.ttl');
    const error = await failure(readLocalFile(file, 100));
    expect(error).toMatchObject({ reason: 'file-not-found', url: pathToFileURL(file).href, message: `No such file: ${file}.` });
  });

  it('reports a path through something that is not a directory', async () => {
    writeFileSync(path.join(dir, 'plain.txt'), 'x');
    const error = await failure(readLocalFile(path.join(dir, 'plain.txt', 'child.ttl'), 100));
    expect(error.reason).toBe('file-not-found');
  });

  it('refuses a directory', async () => {
    const sub = path.join(dir, 'folder');
    mkdirSync(sub);
    const error = await failure(readLocalFile(sub, 100));
    expect(error).toMatchObject({ reason: 'not-a-file', message: `${sub} is a directory, not a file.` });
  });

  it('refuses a device instead of reading it forever', async () => {
    const error = await failure(readLocalFile('/dev/zero', 100));
    expect(error).toMatchObject({ reason: 'not-a-file', message: '/dev/zero is not a regular file.' });
  });

  it('refuses a FIFO without blocking on it', async () => {
    const fifo = path.join(dir, 'pipe');
    try {
      execFileSync('mkfifo', [fifo]);
    } catch {
      console.warn('skipped the FIFO check: mkfifo is not available');
      return;
    }
    const error = await failure(readLocalFile(fifo, 100));
    expect(error.reason).toBe('not-a-file');
  });

  it('follows a symbolic link to a file, and reports a dangling one as missing', async () => {
    writeFileSync(path.join(dir, 'target.ttl'), 'linked');
    symlinkSync(path.join(dir, 'target.ttl'), path.join(dir, 'link.ttl'));
    symlinkSync(path.join(dir, 'gone.ttl'), path.join(dir, 'dangling.ttl'));
    expect((await readLocalFile(path.join(dir, 'link.ttl'), 100)).toString()).toBe('linked');
    expect((await failure(readLocalFile(path.join(dir, 'dangling.ttl'), 100))).reason).toBe('file-not-found');
  });

  const isRoot = process.getuid?.() === 0;
  it.skipIf(isRoot)('reports a file it may not read', async () => {
    const file = path.join(dir, 'secret.ttl');
    writeFileSync(file, 'x');
    chmodSync(file, 0o000);
    const error = await failure(readLocalFile(file, 100));
    expect(error).toMatchObject({ reason: 'unreadable', message: `Permission denied reading ${file}.` });
  });
  if (isRoot) console.warn('skipped the permission check: running as root, which may read any file');

  it('rejects a cap that is not positive', async () => {
    await expect(readLocalFile(path.join(dir, 'catalog.ttl'), 0)).rejects.toThrow(RangeError);
  });
});
