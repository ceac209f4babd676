import type { Harvester, SourceGraph, SplitContext, SplitResult } from '../../src/core/ports/harvester.js';
import { rdfSourceReader } from '../../src/rdf/reading/rdf-source-reader.js';
import { followEndpointDescriptions } from '../openapi/endpoint-descriptions.js';
import { OPENAPI_ACCEPT, OpenApiParser, type OpenApiParserOptions } from '../openapi/index.js';
import { splitDcatApNoInSlices } from './split.js';
import type { SplitOptions } from './split.js';

export type { SplitOptions } from './split.js';
export { generatedCatalogIri, identifiedResourceIri } from '../../src/rdf/records/generated-iris.js';

/** Default cap on the triples one record copies from the nodes it links to (its own triples are not capped). */
export const DEFAULT_MAX_RECORD_QUADS = 50_000;

/** Turtle first (fastest to parse), then RDF/XML, JSON-LD and the line formats. */
export const DCAT_AP_NO_ACCEPT =
  'text/turtle, application/rdf+xml;q=0.9, application/ld+json;q=0.8, application/n-triples;q=0.7, application/trig;q=0.6, application/n-quads;q=0.6, */*;q=0.1';

/** The profiles of every kind this harvester produces: DCAT-AP-NO 2.0 by default; 3.0 on request, with all three rule sets or core (+ ranges) only; the European DCAT-AP 3.0 for catalogs from outside Norway. */
export const DCAT_AP_NO_PROFILES = ['dcat-ap-no-2', 'dcat-ap-no-3', 'dcat-ap-no-3-core-ranges', 'dcat-ap-no-3-core', 'dcat-ap-3'] as const;

/**
 * A DCAT-AP-NO harvester with its own limits. The OpenAPI descriptions its data services name
 * (`dcat:endpointDescription`) are followed unless the source turns it off; they are read by a parser
 * of their own (worker threads started on first use, with `openApi`'s limits). `maxCopiedQuads` bounds
 * both what records copy of the nodes they link to and what the descriptions add to them.
 */
export function createDcatApNoHarvester(options: Partial<SplitOptions> & { readonly openApi?: Partial<OpenApiParserOptions> } = {}): Harvester<SourceGraph> {
  const resolved: SplitOptions = { maxRecordQuads: options.maxRecordQuads ?? DEFAULT_MAX_RECORD_QUADS, ...(options.maxCopiedQuads !== undefined ? { maxCopiedQuads: options.maxCopiedQuads } : {}) };
  if (!Number.isInteger(resolved.maxRecordQuads) || resolved.maxRecordQuads < 1) {
    throw new RangeError(`maxRecordQuads must be a whole number of at least 1, not ${String(options.maxRecordQuads)}.`);
  }
  let parser: OpenApiParser | undefined;
  const parserOf = (): OpenApiParser => (parser ??= new OpenApiParser(options.openApi));
  return {
    kind: 'dcat-ap-no',
    accept: DCAT_AP_NO_ACCEPT,
    reader: rdfSourceReader,
    profiles: {
      catalog: DCAT_AP_NO_PROFILES,
      dataset: DCAT_AP_NO_PROFILES,
      'dataset-series': DCAT_AP_NO_PROFILES,
      'data-service': DCAT_AP_NO_PROFILES,
    },
    async split(graph: SourceGraph, context: SplitContext): Promise<SplitResult> {
      return followEndpointDescriptions(await splitDcatApNoInSlices(graph, context, resolved), context, parserOf, {
        accept: OPENAPI_ACCEPT,
        ...(resolved.maxCopiedQuads !== undefined ? { maxAddedQuads: resolved.maxCopiedQuads } : {}),
      });
    },
  };
}

/** The DCAT-AP-NO harvester: catalogs, datasets, dataset series and data services become records. */
export const dcatApNoHarvester: Harvester<SourceGraph> = createDcatApNoHarvester();
