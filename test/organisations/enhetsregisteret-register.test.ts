import { existsSync, readFileSync } from 'node:fs';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { InvalidOrganisationNumberError, OrganisationRegisterUnavailableError, UnknownOrganisationError } from '../../src/core/errors.js';
import { silentLogger } from '../../src/core/ports/logger.js';
import { readRegisterUnit } from '../../src/organisations/enhetsregisteret-unit.js';
import { EnhetsregisteretRegister } from '../../src/organisations/enhetsregisteret-register.js';
import { organisationSnapshot } from '../../src/organisations/organisation-snapshot.js';
import { SqliteStore } from '../../src/store/sqlite/sqlite-store.js';
import { loadBundledVocabularies } from '../../src/vocabulary/bundled-vocabularies.js';
import { startFixtureServer, type FixtureServer } from '../support/fixture-server.js';

const FIXTURES = path.join(import.meta.dirname, 'fixtures');
const CORPUS = path.resolve(import.meta.dirname, '../../../shared/corpus/fdk/organization-catalog');
const SNAPSHOT = organisationSnapshot(loadBundledVocabularies(path.resolve(import.meta.dirname, '../../vocab')).quads);
const DAY = 86_400_000;

describe('the organisation register (Enhetsregisteret)', () => {
  let server: FixtureServer;
  let store: SqliteStore;
  let now: Date;
  const register = (baseUrl: string | null = `${server.origin}/enhetsregisteret/api`) =>
    new EnhetsregisteretRegister({ baseUrl: baseUrl ?? undefined, store, cacheTtlMs: 7 * DAY, timeoutMs: 2000, snapshot: SNAPSHOT, logger: silentLogger, now: () => now });

  beforeEach(async () => {
    server = await startFixtureServer();
    for (const file of ['enheter-984195796.json', 'enheter-926721720.json', 'underenheter-973861778.json', 'enheter-964969590.json']) {
      const [collection, number] = file.replace('.json', '').split('-');
      server.set(`/enhetsregisteret/api/${collection}/${number}`, { body: readFileSync(path.join(FIXTURES, file)), contentType: 'application/json' });
    }
    store = SqliteStore.open({ dataDir: mkdtempSync(path.join(tmpdir(), 'dk-orgs-')) });
    now = new Date('2026-01-01T00:00:00Z');
  });
  afterEach(async () => {
    await store.close();
    await server.close();
  });

  it('resolves an organisation number to its name, organisation form, parent and organisation path', async () => {
    const org = await register().resolve('926721720');
    expect(org).toEqual({
      organisationNumber: '926721720',
      name: 'DOMSTOLADMINISTRASJONEN',
      form: { code: 'ORGL', description: 'Organisasjonsledd' },
      parent: '984195796',
      orgPath: '/STAT/984195796/926721720',
      origin: 'register',
    });
  });

  it('finds a sub-unit (underenhet) when the number is not a main unit, with its path through its main unit', async () => {
    const org = await register().resolve('973 861 778');
    expect(org).toMatchObject({ organisationNumber: '973861778', parent: '926721720', orgPath: '/STAT/984195796/926721720/973861778', form: { code: 'BEDR' } });
    expect(server.requests('/enhetsregisteret/api/enheter/973861778')).toBe(1);
    expect(server.requests('/enhetsregisteret/api/underenheter/973861778')).toBe(1);
  });

  it('refuses a value that is not an organisation number without asking the register', async () => {
    await expect(register().resolve('123456789')).rejects.toBeInstanceOf(InvalidOrganisationNumberError);
    await expect(register().resolve('12345')).rejects.toThrow(/exactly 9 digits/);
    expect(server.requests()).toBe(0);
  });

  it('refuses a number the register does not know, and one it has deleted', async () => {
    const unknown = await register().resolve('974760673').catch((e: unknown) => e);
    expect(unknown).toBeInstanceOf(UnknownOrganisationError);
    expect((unknown as Error).message).toMatch(/no unit with organisation number 974760673/);
    // Known to the bundled snapshot, but the register's "no" wins: the snapshot is only for when it cannot be asked.
    await expect(register().resolve('964969590')).rejects.toThrow(/deleted from Enhetsregisteret on 2020-01-01/);
  });

  it('caches answers in the store: a fresh one is used without asking, an old one is asked again', async () => {
    await register().resolve('926721720');
    const asked = server.requests('/enhetsregisteret/api/enheter/926721720');
    now = new Date(now.getTime() + 6 * DAY);
    await register().resolve('926721720');
    expect(server.requests('/enhetsregisteret/api/enheter/926721720')).toBe(asked);
    now = new Date(now.getTime() + 2 * DAY);
    await register().resolve('926721720');
    expect(server.requests('/enhetsregisteret/api/enheter/926721720')).toBe(asked + 1);
  });

  it('uses an old cached answer when the register cannot be asked, then the bundled snapshot, then says it is unavailable', async () => {
    await register().resolve('926721720');
    now = new Date(now.getTime() + 30 * DAY);
    server.set('/enhetsregisteret/api/enheter/926721720', { body: 'down for maintenance', status: 503, contentType: 'text/plain' });
    server.set('/enhetsregisteret/api/enheter/984195796', { body: 'down for maintenance', status: 503, contentType: 'text/plain' });
    expect(await register().resolve('926721720')).toMatchObject({ name: 'DOMSTOLADMINISTRASJONEN', origin: 'cache', orgPath: '/STAT/984195796/926721720' });
    await server.close();
    // Brønnøysundregistrene is in vocab/organisations.ttl: offline, the snapshot answers with its path.
    expect(await register().resolve('974760673')).toMatchObject({ name: 'Brønnøysundregistrene', parent: '912660680', orgPath: '/STAT/912660680/974760673', origin: 'snapshot' });
    const unavailable = await register().resolve('973861778').catch((e: unknown) => e);
    expect(unavailable).toBeInstanceOf(OrganisationRegisterUnavailableError);
    expect((unavailable as Error).message).toMatch(/could not be reached/);
  });

  it('with the register turned off, answers from the cache and the snapshot only', async () => {
    expect(await register(null).resolve('971040238')).toMatchObject({ name: 'Kartverket', orgPath: '/STAT/972417858/971040238', origin: 'snapshot' });
    await expect(register(null).resolve('926721720')).rejects.toThrow(/not configured \(ORGANISATION_REGISTER_URL=off\)/);
    expect(server.requests()).toBe(0);
  });

  it('does not take an answer for another number, or one that is not a unit, as the unit asked for', async () => {
    server.set('/enhetsregisteret/api/enheter/926721720', { body: readFileSync(path.join(FIXTURES, 'enheter-984195796.json')), contentType: 'application/json' });
    await expect(register().resolve('926721720')).rejects.toThrow(/not the unit asked for/);
    server.set('/enhetsregisteret/api/enheter/926721720', { body: '<html>hello</html>', contentType: 'text/html' });
    await expect(register().resolve('926721720')).rejects.toBeInstanceOf(OrganisationRegisterUnavailableError);
  });

  describe.skipIf(!existsSync(CORPUS))('reads the shapes of FDK organization-catalog test data (../shared/corpus)', () => {
    it('reads every unit of the downloaded answers', () => {
      const one = readRegisterUnit(JSON.parse(readFileSync(path.join(CORPUS, 'download_123456789.json'), 'utf8')));
      expect(one).toEqual({ organisationNumber: '123456789', name: 'TESTENHETEN I TESTSUND', form: { code: 'ORGL', description: 'Organisasjonsledd' }, parent: '987654321', deletedOn: '2015-08-09' });
      const sub = JSON.parse(readFileSync(path.join(CORPUS, 'download_stat_sub.json'), 'utf8')) as { _embedded: { enheter: unknown[] } };
      const units = sub._embedded.enheter.map(readRegisterUnit);
      expect(units.length).toBeGreaterThan(0);
      expect(units).toContainEqual(expect.objectContaining({ organisationNumber: '926721720', parent: '984195796', form: expect.objectContaining({ code: 'ORGL' }) }));
    });
  });
});
