import { pathToFileURL } from 'node:url';
import type { Quad } from '@rdfjs/types';
import { DataFactory } from 'n3';
import type { Problem } from '../../src/core/problem.js';
import {
  DocumentReadError,
  type DocumentFetcher,
  type DocumentMemo,
  type Harvester,
  type HarvestedRecord,
  type ReadOutcome,
  type SplitContext,
  type SplitResult,
} from '../../src/core/ports/harvester.js';
import { ADMS, DCAT, DCT } from '../../src/rdf/namespaces.js';
import { generatedCatalogQuads } from '../../src/rdf/records/generated-catalog.js';
import { generatedCatalogIri } from '../../src/rdf/records/generated-iris.js';
import { dataServiceQuads } from './map-data-service.js';
import { OpenApiParser, type OpenApiParserOptions } from './openapi-parser.js';
import { plain } from './plain-text.js';
import { signatureOf } from './version-diff.js';
import { CHANGES, SIGNATURE, changeNote, referenceReaderOf } from './document-memo.js';
import { artefactHash, artefactMediaType } from './endpoint-descriptions.js';

export { OpenApiParser, type OpenApiParserOptions } from './openapi-parser.js';

/** JSON and YAML, the media types OpenAPI registers first. */
export const OPENAPI_ACCEPT =
  'application/vnd.oai.openapi+json, application/vnd.oai.openapi;q=0.95, application/json;q=0.9, application/yaml;q=0.9, application/x-yaml;q=0.8, text/yaml;q=0.8, */*;q=0.1';

/** The profiles of its data services: DCAT-AP-NO 2.0 by default, the 3.0 draft on request. */
export const OPENAPI_PROFILES = ['dcat-ap-no-2', 'dcat-ap-no-3', 'dcat-ap-no-3-core-ranges', 'dcat-ap-no-3-core', 'dcat-ap-3'] as const;

/** What the reader hands to `split`: the entry document as fetched (it is parsed in `split`, so its `$ref`s count as references). */
export interface OpenApiPayload {
  readonly entryUrl: string;
  /** The URL that answered (after redirects), or the local file: the base of relative references and servers. */
  readonly finalUrl: string;
  readonly local: boolean;
  readonly body: Buffer;
  readonly contentType: string | undefined;
  readonly previousMemo?: DocumentMemo;
}

/**
 * The OpenAPI harvester: a source is one OpenAPI document (Swagger 2.0, OpenAPI 3.0.x, 3.1.x, JSON or
 * YAML) and gives one data-service record, in the source's generated catalog. The document is parsed
 * in a worker (see `OpenApiParser`); its `$ref`s are fetched through the pipeline's fetcher. A document
 * that cannot be read fails the run with the reason, so what was published from it stays as it was; a
 * readable one without a title or a readable endpoint is skipped with the reason. Schema problems and `$ref`s that could not be followed are
 * problems on the record, which is still published. A new version of the document is compared with
 * the last: what changed goes to the run report and, as `adms:versionNotes`, to the record.
 */
export function createOpenApiHarvester(options: Partial<OpenApiParserOptions> & { readonly language?: string } = {}): Harvester<OpenApiPayload> {
  let parser: OpenApiParser | undefined;
  const parserOf = (): OpenApiParser => (parser ??= new OpenApiParser(options));
  return {
    kind: 'openapi',
    accept: OPENAPI_ACCEPT,
    profiles: { 'data-service': OPENAPI_PROFILES, catalog: OPENAPI_PROFILES },
    reader: {
      async read(documents: DocumentFetcher): Promise<ReadOutcome<OpenApiPayload>> {
        const fetched = await documents.fetch({ url: documents.entryUrl });
        if (fetched.kind === 'not-modified') return { kind: 'not-modified', documents: 1 };
        return {
          kind: 'read',
          documents: 1,
          notes: [],
          payload: {
            entryUrl: documents.entryUrl,
            finalUrl: fetched.finalUrl,
            local: documents.local,
            body: fetched.body,
            contentType: fetched.contentType,
            ...(fetched.previousMemo !== undefined ? { previousMemo: fetched.previousMemo } : {}),
          },
        };
      },
    },
    async split(payload: OpenApiPayload, context: SplitContext): Promise<SplitResult> {
      return splitOpenApi(payload, context, parserOf(), options.language);
    },
  };
}

async function splitOpenApi(payload: OpenApiPayload, context: SplitContext, parser: OpenApiParser, language: string | undefined): Promise<SplitResult> {
  const readReference = referenceReaderOf(context.documents);
  const outcome = await parser.parse(
    { body: payload.body, location: payload.finalUrl, ...(payload.contentType !== undefined ? { contentType: payload.contentType } : {}) },
    readReference,
  );
  if (!outcome.ok) throw new DocumentReadError('parse', payload.entryUrl, `${payload.entryUrl} could not be read as an OpenAPI description: ${outcome.message}`, outcome.line);
  const { api } = outcome;
  const iri = payload.local ? pathToFileURL(payload.entryUrl).href : payload.entryUrl;
  const missing = [api.title === undefined ? 'no title (info.title)' : undefined, api.servers.length === 0 ? `no readable endpoint URL${api.serverProblems.length > 0 ? ` (${api.serverProblems.join(' ')})` : ''}` : undefined].filter(
    (m): m is string => m !== undefined,
  );
  if (missing.length > 0) {
    return { records: [], problems: [{ kind: 'skipped', resource: iri, message: `The OpenAPI description <${iri}> was skipped: it has ${missing.join(' and ')}, which a data service needs.` }] };
  }

  const problems: Problem[] = [];
  for (const p of outcome.schemaProblems) {
    problems.push({ kind: 'invalid', resource: iri, message: `The OpenAPI document ${p.kind === 'schema' ? `breaks the OpenAPI ${api.spec.version} schema` : 'breaks a rule of the OpenAPI specification'} at ${p.at}: ${p.message}` });
  }
  for (const message of outcome.referenceProblems) problems.push({ kind: 'fetch', resource: iri, message });
  for (const message of api.serverProblems) problems.push({ kind: 'note', resource: iri, message: `A server was left out: ${plain(message, 300)}` });

  const quads: Quad[] = dataServiceQuads(api, { iri, documentUrl: iri, publisher: context.publisher, ...(language !== undefined ? { language } : {}) });
  const signature = signatureOf(api);
  const note = changeNote(payload.previousMemo, signature);
  if (note !== undefined) {
    quads.push(DataFactory.quad(DataFactory.namedNode(iri), DataFactory.namedNode(ADMS.versionNotes), DataFactory.literal(note, 'en')));
    problems.push({ kind: 'note', resource: iri, message: `The API changed since the last harvest: ${note}` });
  }
  if (!payload.local) context.documents.remember(payload.entryUrl, { [SIGNATURE]: JSON.stringify(signature), ...(note !== undefined ? { [CHANGES]: note } : {}) });

  const catalogIri = generatedCatalogIri(context.baseUrl, context.sourceId);
  const artefact = { name: 'openapi' as const, mediaType: artefactMediaType(payload.contentType, payload.finalUrl), hash: artefactHash(payload.body), body: payload.body };
  const service: HarvestedRecord = { iri, kind: 'data-service', quads, catalogIri, problems, artefacts: [artefact] };
  const catalog: HarvestedRecord = {
    iri: catalogIri,
    kind: 'catalog',
    // DCAT-AP-NO asks every catalog for a dct:identifier: the generated catalog's is its IRI.
    quads: [
      ...generatedCatalogQuads(catalogIri, context, [{ iri, kind: 'data-service' }], () => DCAT.service),
      DataFactory.quad(DataFactory.namedNode(catalogIri), DataFactory.namedNode(DCT.identifier), DataFactory.literal(catalogIri)),
    ],
    catalogIri: null,
  };
  return { records: [catalog, service], problems: [] };
}
