import { createHash } from 'node:crypto';
import type { Quad } from '@rdfjs/types';
import { DataFactory } from 'n3';
import type { Problem } from '../../src/core/problem.js';
import { DocumentReadError, type DocumentMemo, type HarvestedRecord, type RecordArtefact, type SplitContext, type SplitResult } from '../../src/core/ports/harvester.js';
import { defaultMaxCopiedQuads } from '../../src/rdf/records/split-records.js';
import { ADMS, DCAT, DCT, DK_API, OPENAPI_SPEC_BASE, RDF } from '../../src/rdf/namespaces.js';
import type { ApiDescription, SchemaProblem } from './api-description.js';
import { CHANGES, SIGNATURE, changeNote, referenceReaderOf } from './document-memo.js';
import { dataServiceQuads } from './map-data-service.js';
import type { OpenApiParser } from './openapi-parser.js';
import { plain } from './plain-text.js';
import { signatureOf } from './version-diff.js';

const { namedNode, quad } = DataFactory;

/** Memo keys kept with a followed description: what it said (so a 304 costs no parsing) and its bytes' hash and media type. */
const DESCRIPTION = 'openapi-description';
const ARTEFACT = 'openapi-artefact';

/** What a description document said, as remembered between harvests. */
interface ReadDescription {
  readonly api: ApiDescription;
  readonly schemaProblems: readonly SchemaProblem[];
  readonly referenceProblems: readonly string[];
  /** The note on what changed since the last version, if it changed. */
  readonly note?: string;
  readonly artefact: RecordArtefact;
}

type Outcome = { readonly ok: true; readonly description: ReadDescription } | { readonly ok: false; readonly message: string };

/** The Accept header for description documents (the OpenAPI harvester's). */
export interface EndpointDescriptionOptions {
  readonly accept: string;
  /** Language of the document's text when it declares none (default `nb`). */
  readonly language?: string;
  /**
   * How many triples the descriptions may add to the records of one payload, together. Many data
   * services may name one document, and each gets its operations; past this, a service is published
   * from its DCAT alone with a problem saying so. Default: `defaultMaxCopiedQuads` of the records' triples.
   */
  readonly maxAddedQuads?: number;
}

/**
 * Follows `dcat:endpointDescription` of the data services a DCAT source publishes: each http(s)
 * description is fetched through the pipeline's fetcher (conditionally: an unchanged document costs one
 * request and no parsing, what it said is kept in its memo), read as OpenAPI in the parser's workers,
 * and what it says is added to that data service's record (`mergeDescription`). A description that
 * cannot be fetched or read is a problem on the record, which is published from its DCAT alone.
 * Each document is read once per harvest, however many services name it.
 */
export async function followEndpointDescriptions(result: SplitResult, context: SplitContext, parser: () => OpenApiParser, options: EndpointDescriptionOptions): Promise<SplitResult> {
  if (context.followEndpointDescriptions === false) return result;
  const read = new Map<string, Promise<Outcome>>();
  const readOnce = (url: string): Promise<Outcome> => {
    let outcome = read.get(url);
    if (outcome === undefined) {
      outcome = readDescription(url, context, parser, options);
      read.set(url, outcome);
    }
    return outcome;
  };
  const maxAddedQuads = options.maxAddedQuads ?? defaultMaxCopiedQuads(result.records.reduce((sum, r) => sum + r.quads.length, 0));
  let addedSoFar = 0;
  const addedBy = new Map<string, number>();
  const records: HarvestedRecord[] = [];
  for (const record of result.records) {
    const urls = record.kind === 'data-service' ? descriptionUrls(record) : [];
    if (urls.length === 0) {
      records.push(record);
      continue;
    }
    const problems: Problem[] = [...(record.problems ?? [])];
    let enriched: HarvestedRecord | undefined;
    for (const url of urls) {
      const outcome = await readOnce(url);
      if (!outcome.ok) {
        problems.push({ kind: 'fetch', resource: record.iri, message: `The endpoint description <${url}> could not be read as an OpenAPI description, so the data service is published from its DCAT description alone: ${outcome.message}` });
        continue;
      }
      const d = outcome.description;
      // A document's size is known after the first service that names it: later ones past the bound are not mapped at all.
      const known = addedBy.get(url);
      const added = known !== undefined && addedSoFar + known > maxAddedQuads ? undefined : mergeDescription(record.iri, record.quads, dataServiceQuads(d.api, { iri: record.iri, documentUrl: url, publisher: context.publisher, ...(options.language !== undefined ? { language: options.language } : {}) }), url, d.note);
      const size = added?.length ?? known ?? 0;
      if (added === undefined || addedSoFar + size > maxAddedQuads) {
        problems.push({
          kind: 'fetch',
          resource: record.iri,
          message:
            `Its endpoint description <${url}> was not added, so the data service is published from its DCAT description alone: the data services before it (in IRI order) ` +
            `took ${addedSoFar} triples from their descriptions, and the ${size} triples it adds${added === undefined ? ' to a data service' : ''} would take them past ${maxAddedQuads}, all that the descriptions may add to this payload. ` +
            'Many data services name large descriptions: name a document from the data service it describes.',
        });
        break;
      }
      addedBy.set(url, size);
      addedSoFar += size;
      for (const p of d.schemaProblems) {
        problems.push({ kind: 'invalid', resource: record.iri, message: `Its endpoint description <${url}> ${p.kind === 'schema' ? `breaks the OpenAPI ${d.api.spec.version} schema` : 'breaks a rule of the OpenAPI specification'} at ${p.at}: ${p.message}` });
      }
      for (const message of d.referenceProblems) problems.push({ kind: 'fetch', resource: record.iri, message: `In its endpoint description <${url}>: ${message}` });
      if (d.note !== undefined) problems.push({ kind: 'note', resource: record.iri, message: `Its API changed since the last harvest: ${d.note}` });
      enriched = { ...record, quads: [...record.quads, ...added], problems, artefacts: [...(record.artefacts ?? []), d.artefact] };
      break;
    }
    records.push(enriched ?? (problems.length > (record.problems?.length ?? 0) ? { ...record, problems } : record));
  }
  return { records, problems: result.problems };
}

/** The http(s) documents a data service names as its endpoint description, in IRI order. */
function descriptionUrls(record: HarvestedRecord): string[] {
  const urls = new Set<string>();
  for (const q of record.quads) {
    if (q.subject.value === record.iri && q.predicate.value === DCAT.endpointDescription && q.object.termType === 'NamedNode' && /^https?:\/\//i.test(q.object.value)) {
      urls.add(q.object.value);
    }
  }
  return [...urls].sort();
}

async function readDescription(url: string, context: SplitContext, parser: () => OpenApiParser, options: EndpointDescriptionOptions): Promise<Outcome> {
  try {
    let fetched = await context.documents.fetch({ url, accept: options.accept });
    if (fetched.kind === 'not-modified') {
      const remembered = rememberedDescription(fetched.memo);
      if (remembered !== undefined) return { ok: true, description: remembered };
      // Validators without what the document said (an older memo): read it again in full.
      fetched = await context.documents.fetch({ url, accept: options.accept, conditional: false });
      if (fetched.kind !== 'document') return { ok: false, message: `${url} answered 304 Not Modified to an unconditional request.` };
    }
    const outcome = await parser().parse(
      { body: fetched.body, location: fetched.finalUrl, ...(fetched.contentType !== undefined ? { contentType: fetched.contentType } : {}) },
      referenceReaderOf(context.documents),
    );
    if (!outcome.ok) return { ok: false, message: plain(outcome.message, 500) };
    const signature = signatureOf(outcome.api);
    const note = changeNote(fetched.previousMemo, signature);
    const artefact: RecordArtefact = { name: 'openapi', mediaType: artefactMediaType(fetched.contentType, fetched.finalUrl), hash: artefactHash(fetched.body), body: fetched.body };
    const description: ReadDescription = {
      api: outcome.api,
      schemaProblems: outcome.schemaProblems,
      referenceProblems: outcome.referenceProblems,
      ...(note !== undefined ? { note } : {}),
      artefact,
    };
    const { body: _bytes, ...kept } = artefact;
    context.documents.remember(url, {
      [DESCRIPTION]: JSON.stringify({ api: description.api, schemaProblems: description.schemaProblems, referenceProblems: description.referenceProblems }),
      [ARTEFACT]: JSON.stringify(kept),
      [SIGNATURE]: JSON.stringify(signature),
      ...(note !== undefined ? { [CHANGES]: note } : {}),
    });
    return { ok: true, description };
  } catch (error) {
    if (error instanceof DocumentReadError) return { ok: false, message: error.message };
    throw error;
  }
}

/** What the memo of an unchanged document says it said; undefined when the memo predates it or is unreadable. */
function rememberedDescription(memo: DocumentMemo): ReadDescription | undefined {
  const said = memo[DESCRIPTION];
  const artefact = memo[ARTEFACT];
  if (said === undefined || artefact === undefined) return undefined;
  try {
    const parsed = JSON.parse(said) as Pick<ReadDescription, 'api' | 'schemaProblems' | 'referenceProblems'>;
    const note = memo[CHANGES];
    return { ...parsed, ...(note !== undefined ? { note } : {}), artefact: JSON.parse(artefact) as RecordArtefact };
  } catch {
    return undefined;
  }
}

/** SHA-256 of an artefact's bytes, hex. */
export function artefactHash(body: Uint8Array): string {
  return createHash('sha256').update(body).digest('hex');
}

/** Media types an OpenAPI document is kept with as served; any other (octet-stream, text/html) is replaced by JSON or YAML. */
const DOCUMENT_TYPES = new Set(['application/json', 'application/yaml', 'application/x-yaml', 'text/yaml', 'text/x-yaml', 'application/vnd.oai.openapi', 'application/vnd.oai.openapi+json', 'text/plain']);

/** The media type a document is kept and served with: as it was served (without parameters) when that is a JSON, YAML or OpenAPI type, else from its name (JSON unless it ends in .yaml/.yml). */
export function artefactMediaType(contentType: string | undefined, location: string): string {
  const served = contentType?.split(';')[0]?.trim().toLowerCase();
  if (served !== undefined && DOCUMENT_TYPES.has(served)) return served;
  return /\.ya?ml$/i.test(location.split(/[?#]/)[0] ?? '') ? 'application/yaml' : 'application/json';
}

/**
 * What a description document adds to a data service the agency described in DCAT: the triples to
 * append to its record. The agency's statements win: a property of the service that its DCAT states
 * (any value, any language) is not taken from the document, except the OpenAPI version the document
 * follows (`dct:conformsTo <https://spec.openapis.org/oas/v…>`), which is added beside the agency's
 * standards. Every statement the document adds about
 * the service is marked with its origin as an `rdf:Statement` (`{document}#/catalog/added/{hash}`) with
 * `dk:describedBy` the document, except `dk:operation` and `dk:securityScheme` links, whose nodes carry
 * `dk:describedBy` themselves; every node the document brings in (operations, parameters, security
 * schemes, a contact point) carries `dk:describedBy`. Nodes whose only link was dropped are left out.
 */
export function mergeDescription(serviceIri: string, agencyQuads: readonly Quad[], documentQuads: readonly Quad[], documentUrl: string, note?: string): Quad[] {
  const stated = new Set<string>();
  const subjects = new Set<string>();
  for (const q of agencyQuads) {
    subjects.add(q.subject.value);
    if (q.subject.value === serviceIri) stated.add(q.predicate.value);
  }
  const service = namedNode(serviceIri);
  const origin = namedNode(DK_API.describedBy);
  const document = namedNode(documentUrl);
  const fromDocument = [...documentQuads];
  if (note !== undefined) fromDocument.push(quad(service, namedNode(ADMS.versionNotes), DataFactory.literal(note, 'en')));

  const added: Quad[] = [];
  const reachable: string[] = [];
  const bySubject = new Map<string, Quad[]>();
  for (const q of fromDocument) {
    if (q.subject.value === serviceIri) {
      // The OpenAPI version the document follows is a fact about the document, never in conflict with the standards the agency names.
      const specification = q.predicate.value === DCT.conformsTo && q.object.value.startsWith(OPENAPI_SPEC_BASE);
      if (stated.has(q.predicate.value) && !(specification && !agencyQuads.some((a) => a.subject.value === serviceIri && a.predicate.value === DCT.conformsTo && a.object.value === q.object.value))) continue;
      added.push(q);
      if (q.object.termType === 'NamedNode') reachable.push(q.object.value);
      if (q.predicate.value !== DK_API.operation && q.predicate.value !== DK_API.securityScheme) added.push(...statementOrigin(q, document));
    } else {
      const list = bySubject.get(q.subject.value) ?? [];
      list.push(q);
      bySubject.set(q.subject.value, list);
    }
  }
  // The document's own nodes, reached from what was added (never a node the agency's record describes).
  const visited = new Set<string>();
  while (reachable.length > 0) {
    const node = reachable.pop()!;
    if (visited.has(node) || subjects.has(node)) continue;
    visited.add(node);
    const own = bySubject.get(node);
    if (own === undefined) continue;
    added.push(...own, quad(namedNode(node), origin, document));
    for (const q of own) if (q.object.termType === 'NamedNode') reachable.push(q.object.value);
  }
  return added;
}

/** `{document}#/catalog/added/{hash}`: the statement `q`, reified, said by the document. */
function statementOrigin(q: Quad, document: ReturnType<typeof namedNode>): Quad[] {
  const object = q.object.termType === 'Literal' ? `"${q.object.value}"@${q.object.language}^^${q.object.datatype.value}` : `<${q.object.value}>`;
  const id = createHash('sha256').update(`${q.subject.value} ${q.predicate.value} ${object}`).digest('hex').slice(0, 16);
  const hash = document.value.indexOf('#');
  const s = namedNode(`${hash === -1 ? document.value : document.value.slice(0, hash)}#/catalog/added/${id}`);
  return [
    quad(s, namedNode(RDF.type), namedNode(RDF.Statement)),
    quad(s, namedNode(RDF.subject), q.subject as ReturnType<typeof namedNode>),
    quad(s, namedNode(RDF.predicate), q.predicate as ReturnType<typeof namedNode>),
    quad(s, namedNode(RDF.object), q.object),
    quad(s, namedNode(DK_API.describedBy), document),
  ];
}
