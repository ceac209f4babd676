import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { SourceFetchState } from '../../src/core/harvest-source.js';
import { SourceDocuments, type SourceDocumentsDeps } from '../../src/harvest/source-documents.js';

// SourceDocuments.samePayload: the payload key a reader makes, compared with the last successful harvest's.
let dir: string;
let file: string;
beforeAll(async () => {
  dir = await mkdtemp(path.join(tmpdir(), 'dk-source-documents-'));
  file = path.join(dir, 'catalog.ttl');
  await writeFile(file, '<https://example.no/a> <https://example.no/p> "v" .\n');
});
afterAll(() => rm(dir, { recursive: true, force: true }));

/** A harvest of the local file, with what the last one remembered about it. */
function documents(stored: SourceFetchState | undefined, extra: Partial<SourceDocumentsDeps> = {}): SourceDocuments {
  return new SourceDocuments(
    { kind: 'file', path: file },
    {
      policy: { allowedHosts: [], maxBytes: 1_000_000, connectTimeoutMs: 1000, idleTimeoutMs: 1000, totalTimeoutMs: 1000, maxRedirects: 0, userAgent: 'test' },
      accept: 'text/turtle',
      maxDocuments: 10,
      fingerprint: 'settings A',
      getFetchState: () => Promise.resolve(stored),
      ...extra,
    },
  );
}

/** Reads the entry (its bytes differ from the stored digest, so it is read) and asks about a payload key. */
async function ask(docs: SourceDocuments, key: string | undefined): Promise<{ same: boolean; calls: number; state: SourceFetchState }> {
  expect((await docs.fetch({ url: file })).kind).toBe('document');
  let calls = 0;
  const same = await docs.samePayload(() => (calls++, key));
  return { same, calls, state: docs.states().get(file)! };
}

describe('comparing a payload with the last harvest by its key', () => {
  it('makes no key unless the last harvest found the same records in other bytes (a first harvest, a source whose content changed)', async () => {
    for (const stored of [undefined, { digest: 'other bytes' }, { digest: 'other bytes', payloadKey: 'an old key' }]) {
      const { same, calls, state } = await ask(documents(stored), 'k1');
      expect(same).toBe(false);
      expect(calls).toBe(0);
      expect(state.payloadKey).toBeUndefined();
    }
  });

  it('keys the payload when the last harvest asked for it, and finds the same payload the next time', async () => {
    const first = await ask(documents({ digest: 'other bytes', keyPayload: true }), 'k1');
    expect(first).toMatchObject({ same: false, calls: 1 });
    expect(first.state.payloadKey).toMatch(/^[\w-]{43}$/);
    // Whether the next harvest keys its payload again is the pipeline's call (keyNextPayload), once it knows what changed.
    expect(first.state.keyPayload).toBeUndefined();
    const again = await ask(documents({ digest: 'other bytes again', payloadKey: first.state.payloadKey!, keyPayload: true }), 'k1');
    expect(again.same).toBe(true);
    expect(again.state).toMatchObject({ payloadKey: first.state.payloadKey, keyPayload: true });
    expect((await ask(documents({ digest: 'x', payloadKey: first.state.payloadKey!, keyPayload: true }), 'k2')).same).toBe(false);
  });

  it('asks the next harvest to key its payload when told the records were the same', async () => {
    const docs = documents({ digest: 'x' });
    await ask(docs, 'k1');
    docs.keyNextPayload();
    expect(docs.states().get(file)?.keyPayload).toBe(true);
  });

  it('takes the settings into the key: the same payload under other settings is not the same', async () => {
    const { state } = await ask(documents({ digest: 'x', keyPayload: true }), 'k1');
    expect((await ask(documents({ digest: 'y', payloadKey: state.payloadKey!, keyPayload: true }, { fingerprint: 'settings B' }), 'k1')).same).toBe(false);
  });

  it('keeps no key when the reader has none, so an older key never stands for records made of another payload', async () => {
    const { state } = await ask(documents({ digest: 'x', keyPayload: true }), 'k1');
    const keyless = await ask(documents({ digest: 'y', payloadKey: state.payloadKey!, keyPayload: true }), undefined);
    expect(keyless.same).toBe(false);
    expect(keyless.state.payloadKey).toBeUndefined();
  });

  it('answers false when the documents are read unconditionally (a referenced document changed), but keeps the key', async () => {
    const { state } = await ask(documents({ digest: 'x', keyPayload: true }), 'k1');
    const unconditional = await ask(documents({ digest: 'y', payloadKey: state.payloadKey!, keyPayload: true }, { unconditional: true }), 'k1');
    expect(unconditional).toMatchObject({ same: false, calls: 1 });
    expect(unconditional.state.payloadKey).toBe(state.payloadKey);
  });

  it('makes no key in a dry run, whose fetch states are never kept', async () => {
    const { state } = await ask(documents({ digest: 'x', keyPayload: true }), 'k1');
    const dry = await ask(documents({ digest: 'y', payloadKey: state.payloadKey!, keyPayload: true }, { unconditional: true, dryRun: true }), 'k1');
    expect(dry).toMatchObject({ same: false, calls: 0 });
    expect(dry.state.payloadKey).toBeUndefined();
  });
});

describe('the digest of a document read again', () => {
  const read = async (stored: SourceFetchState | undefined): Promise<{ kind: string; keyCalls: number; digest: string | undefined }> => {
    const docs = documents(stored);
    let keyCalls = 0;
    const page = await docs.fetch({ url: file, contentKey: () => (keyCalls++, 'the same content') });
    return { kind: page.kind, keyCalls, digest: docs.states().get(file)?.digest };
  };

  it('stands for the content key when the reader gives one: the same content in other bytes is not read again', async () => {
    const first = await read(undefined);
    expect(first).toMatchObject({ kind: 'document', keyCalls: 1 });
    expect(await read({ digest: first.digest! })).toMatchObject({ kind: 'not-modified', keyCalls: 1 });
  });

  it('is of the bytes as they are when the last harvest asked for the payload to be keyed (the source writes its text anew)', async () => {
    const keyed = await read({ digest: 'other bytes', keyPayload: true });
    expect(keyed).toMatchObject({ kind: 'document', keyCalls: 0 });
    expect(keyed.digest).not.toBe((await read(undefined)).digest);
    // The same bytes again are not read again.
    expect(await read({ digest: keyed.digest!, keyPayload: true })).toMatchObject({ kind: 'not-modified', keyCalls: 0 });
  });
});
