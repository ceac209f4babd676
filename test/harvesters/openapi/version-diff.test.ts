import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { dataServiceQuads } from '../../../harvesters/openapi/map-data-service.js';
import { parseOpenApi } from '../../../harvesters/openapi/parse-openapi.js';
import { apiChanges, describeChanges, isUnchanged, signatureFromRecord, signatureOf } from '../../../harvesters/openapi/version-diff.js';
import type { ApiDescription } from '../../../harvesters/openapi/api-description.js';

const DOC = 'https://data.brreg.no/enhetsregisteret/openapi.yaml';
const v1 = readFileSync(new URL('./fixtures/enhetsregisteret-3.0.yaml', import.meta.url), 'utf8');

async function api(text: string): Promise<ApiDescription> {
  const outcome = await parseOpenApi({ body: Buffer.from(text), location: DOC, maxReferencedDocuments: 1, maxReferencedBytes: 1 }, async (url) => {
    throw new Error(`offline (${url})`);
  });
  if (!outcome.ok) throw new Error(outcome.message);
  return outcome.api;
}

/** Version 3.0.0: one operation removed, one added, an optional parameter made required, a new required header. */
const v2 = v1
  .replace('version: 2.1.0', 'version: 3.0.0')
  .replace(/ {4}delete:\n {6}operationId: slettEnhet[\s\S]*?'204': \{ description: Slettet \}\n/, '')
  .replace(`        - name: navn
          in: query
          schema: { type: string }`, `        - name: navn
          in: query
          required: true
          schema: { type: string }
        - name: X-Correlation-Id
          in: header
          required: true
          schema: { type: string }`)
  .replace('components:\n  parameters:', `  /roller:
    get:
      operationId: hentRoller
      responses:
        '200': { description: Roller }
components:
  parameters:`);

describe('what changed between two versions of an API', () => {
  it('lists operations added and removed, parameters that became required, and the versions', async () => {
    const changes = apiChanges(signatureOf(await api(v1)), signatureOf(await api(v2)));
    expect(changes).toEqual({
      versionBefore: '2.1.0',
      versionAfter: '3.0.0',
      added: ['GET /roller'],
      removed: ['DELETE /enheter/{organisasjonsnummer}'],
      newlyRequired: [
        { operation: 'GET /enheter', parameter: 'navn', in: 'query', change: 'became-required' },
        { operation: 'GET /enheter', parameter: 'X-Correlation-Id', in: 'header', change: 'new' },
      ],
      breaking: true,
    });
    expect(describeChanges(changes)).toBe(
      'Version 2.1.0 → 3.0.0; 1 operation added (GET /roller); BREAKING: 1 operation removed (DELETE /enheter/{organisasjonsnummer}); BREAKING: 2 parameters now required (query parameter "navn" of GET /enheter, header parameter "X-Correlation-Id" of GET /enheter, new).',
    );
  });

  it('is not breaking when operations are only added or parameters relaxed', async () => {
    const relaxed = apiChanges(signatureOf(await api(v2)), signatureOf(await api(v2.replace('      operationId: hentRoller', '      operationId: hentRoller\n    post:\n      responses: { "201": { description: ny } }'))));
    expect(relaxed).toMatchObject({ added: ['POST /roller'], removed: [], newlyRequired: [], breaking: false });
    const backwards = apiChanges(signatureOf(await api(v2)), signatureOf(await api(v1)));
    expect(backwards.newlyRequired).toEqual([]);
    expect(backwards.removed).toEqual(['GET /roller']);
  });

  it('reads the published version back from its record, so nothing is kept beside the record', async () => {
    const before = await api(v1);
    const record = dataServiceQuads(before, { iri: DOC, documentUrl: DOC, publisher: '974760673' });
    expect(signatureFromRecord(DOC, record)).toEqual(signatureOf(before));
    const changes = apiChanges(signatureFromRecord(DOC, record), signatureOf(await api(v2)));
    expect(changes.breaking).toBe(true);
    expect(isUnchanged(apiChanges(signatureFromRecord(DOC, record), signatureOf(before)))).toBe(true);
  });
});
