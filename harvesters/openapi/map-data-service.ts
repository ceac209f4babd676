import type { NamedNode, Quad, Quad_Object } from '@rdfjs/types';
import { DataFactory } from 'n3';
import {
  DCAT,
  DCT,
  DK_API,
  FOAF,
  IANA_MEDIA_TYPES_BASE,
  OPENAPI_SPEC_BASE,
  OWL,
  RDF,
  SPDX_LICENSES_BASE,
  VCARD,
  XSD,
  organisationIri,
} from '../../src/rdf/namespaces.js';
import type { ApiDescription, ApiOperation, ApiSecurityScheme, SecuritySchemeKind } from './api-description.js';

const { namedNode, literal, quad } = DataFactory;

export interface DataServiceContext {
  /** The data service's IRI: the document URL for `openapi` sources, the agency's IRI when its DCAT links the document. */
  readonly iri: string;
  /** The document's URL (`dcat:endpointDescription`); operation, parameter and scheme nodes are fragments of it. */
  readonly documentUrl: string;
  /** Organisation number of the publisher. */
  readonly publisher: string;
  /** Language of the document's text when it declares none (the source's language; default `nb`). */
  readonly language?: string;
}

const ACCESS: Record<SecuritySchemeKind | 'none', string> = {
  none: DK_API.NoAuthentication,
  'api-key': DK_API.ApiKey,
  'http-basic': DK_API.HttpBasic,
  'http-bearer': DK_API.HttpBearer,
  'http-other': DK_API.HttpAuthentication,
  oauth2: DK_API.OAuth2,
  'openid-connect': DK_API.OpenIdConnect,
  'mutual-tls': DK_API.MutualTls,
};

/** The IRI of the specification version a document declares: `https://spec.openapis.org/oas/v3.0.3`. */
export function specificationIri(api: ApiDescription): string {
  const version = api.spec.family === 'swagger' ? '2.0' : (/^\d+\.\d+(\.\d+)?/.exec(api.spec.version)?.[0] ?? api.spec.version);
  return `${OPENAPI_SPEC_BASE}${version}`;
}

/** The node IRI of an operation: the JSON pointer of its operation object in the document, as a fragment. */
export function operationIri(documentUrl: string, operation: Pick<ApiOperation, 'path' | 'method'>): string {
  return `${withoutFragment(documentUrl)}#/paths/${pointerToken(operation.path)}/${operation.method}`;
}

/**
 * Maps a described API to a DCAT-AP-NO data service: the resource's own statements, its contact point
 * (a vCard), and its operations, their parameters and its security schemes as nodes in the record's
 * closure (our vocabulary, vocab/openapi.ttl). Text gets the document's language (an `x-language`
 * extension) or the context's (default `nb`). Only IRIs that parse as absolute URLs are written as IRIs.
 */
export function dataServiceQuads(api: ApiDescription, context: DataServiceContext): Quad[] {
  const out: Quad[] = [];
  const s = namedNode(context.iri);
  const lang = api.language ?? context.language ?? 'nb';
  const text = (value: string): Quad_Object => literal(value, lang);
  const add = (subject: NamedNode, predicate: string, object: Quad_Object): void => {
    out.push(quad(subject, namedNode(predicate), object));
  };
  const addIri = (subject: NamedNode, predicate: string, value: string | undefined): void => {
    const iri = value !== undefined ? absoluteIri(value) : undefined;
    if (iri !== undefined) add(subject, predicate, namedNode(iri));
  };
  const base = withoutFragment(context.documentUrl);

  add(s, RDF.type, namedNode(DCAT.DataService));
  add(s, DCT.identifier, literal(context.iri));
  if (api.title !== undefined) add(s, DCT.title, text(api.title));
  if (api.description !== undefined) add(s, DCT.description, text(api.description));
  else if (api.summary !== undefined) add(s, DCT.description, text(api.summary));
  add(s, DCT.publisher, namedNode(organisationIri(context.publisher)));
  // DCAT-AP-NO allows one endpoint URL: the document's first server. Every server, in order, is a dk:serverURL.
  addIri(s, DCAT.endpointURL, api.servers[0]);
  for (const server of api.servers) addIri(s, DK_API.serverURL, server);
  addIri(s, DCAT.endpointDescription, context.documentUrl);
  // The specification version, described (DCAT-AP-NO asks a standard for a title): `OpenAPI Specification 3.0.3`.
  const specification = namedNode(specificationIri(api));
  const specificationVersion = specification.value.slice(OPENAPI_SPEC_BASE.length);
  add(s, DCT.conformsTo, specification);
  add(specification, RDF.type, namedNode(DCT.Standard));
  add(specification, DCT.title, literal(`OpenAPI Specification ${specificationVersion}`, 'en'));
  add(specification, OWL.versionInfo, literal(specificationVersion));
  if (api.version !== undefined) add(s, OWL.versionInfo, literal(api.version));
  if (api.license?.url !== undefined && absoluteIri(api.license.url) !== undefined) addIri(s, DCT.license, api.license.url);
  else if (api.license?.identifier !== undefined && /^[A-Za-z0-9.+-]+$/.test(api.license.identifier)) add(s, DCT.license, namedNode(`${SPDX_LICENSES_BASE}${api.license.identifier}`));
  if (api.externalDocs !== undefined) {
    addIri(s, FOAF.page, api.externalDocs.url);
    addIri(s, DCAT.landingPage, api.externalDocs.url);
  }
  for (const tag of api.tags) add(s, DCAT.keyword, text(tag.name));
  for (const type of api.mediaTypes) add(s, DCAT.mediaType, namedNode(`${IANA_MEDIA_TYPES_BASE}${type}`));

  if (api.contact !== undefined) {
    const c = namedNode(`${base}#/info/contact`);
    add(s, DCAT.contactPoint, c);
    add(c, RDF.type, namedNode(VCARD.Organization));
    if (api.contact.name !== undefined) add(c, VCARD.hasOrganizationName, text(api.contact.name));
    // DCAT-AP-NO wants the contact point's name (vcard:fn): the name, else the address it gives.
    const fn = api.contact.name ?? api.contact.email ?? api.contact.url;
    if (fn !== undefined) add(c, VCARD.fn, text(fn));
    if (api.contact.email !== undefined && /^[^\s@<>]+@[^\s@<>]+$/.test(api.contact.email)) add(c, VCARD.hasEmail, namedNode(`mailto:${encodeURI(api.contact.email.replace(/^mailto:/i, ''))}`));
    addIri(c, VCARD.hasURL, api.contact.url);
  }

  const kinds = new Set<string>(api.allowsAnonymous ? [ACCESS.none] : []);
  for (const scheme of api.securitySchemes) {
    kinds.add(ACCESS[scheme.kind]);
    out.push(...securitySchemeQuads(s, scheme, api, base, text));
  }
  for (const kind of kinds) add(s, DK_API.access, namedNode(kind));

  api.operations.forEach((operation, position) => out.push(...operationQuads(s, operation, position, base, text)));
  // Schemas that name a model element: the relations index links the service to the element (and so to its model).
  for (const link of api.schemaLinks ?? []) {
    const n = namedNode(`${base}#/${link.pointer}`);
    add(s, DK_API.schema, n);
    add(n, RDF.type, namedNode(DK_API.Schema));
    add(n, DK_API.schemaName, literal(link.name));
    for (const iri of link.iris) addIri(n, DK_API.modelElement, iri);
  }
  return out;
}

function securitySchemeQuads(service: NamedNode, scheme: ApiSecurityScheme, api: ApiDescription, base: string, text: (v: string) => Quad_Object): Quad[] {
  const container = api.spec.family === 'swagger' ? 'securityDefinitions' : 'components/securitySchemes';
  const n = namedNode(`${base}#/${container}/${pointerToken(scheme.name)}`);
  const out: Quad[] = [
    quad(service, namedNode(DK_API.securityScheme), n),
    quad(n, namedNode(RDF.type), namedNode(DK_API.SecurityScheme)),
    quad(n, namedNode(DK_API.securitySchemeName), literal(scheme.name)),
    quad(n, namedNode(DK_API.access), namedNode(ACCESS[scheme.kind])),
  ];
  if (scheme.description !== undefined) out.push(quad(n, namedNode(DCT.description), text(scheme.description)));
  if (scheme.in !== undefined) out.push(quad(n, namedNode(DK_API.apiKeyLocation), literal(scheme.in)));
  if (scheme.parameterName !== undefined) out.push(quad(n, namedNode(DK_API.apiKeyName), literal(scheme.parameterName)));
  if (scheme.scheme !== undefined) out.push(quad(n, namedNode(DK_API.httpScheme), literal(scheme.scheme)));
  const discovery = scheme.openIdConnectUrl !== undefined ? absoluteIri(scheme.openIdConnectUrl) : undefined;
  if (discovery !== undefined) out.push(quad(n, namedNode(DK_API.openIdConnectUrl), namedNode(discovery)));
  return out;
}

function operationQuads(service: NamedNode, op: ApiOperation, position: number, base: string, text: (v: string) => Quad_Object): Quad[] {
  const n = namedNode(operationIri(base, op));
  const out: Quad[] = [
    quad(service, namedNode(DK_API.operation), n),
    quad(n, namedNode(RDF.type), namedNode(DK_API.Operation)),
    quad(n, namedNode(DK_API.httpMethod), literal(op.method.toUpperCase())),
    quad(n, namedNode(DK_API.pathTemplate), literal(op.path)),
    quad(n, namedNode(DK_API.position), literal(String(position), namedNode(XSD.integer))),
  ];
  if (op.operationId !== undefined) out.push(quad(n, namedNode(DK_API.operationId), literal(op.operationId)));
  if (op.summary !== undefined) out.push(quad(n, namedNode(DK_API.summary), text(op.summary)));
  if (op.description !== undefined) out.push(quad(n, namedNode(DCT.description), text(op.description)));
  for (const tag of op.tags) out.push(quad(n, namedNode(DK_API.tag), text(tag)));
  if (op.deprecated) out.push(quad(n, namedNode(OWL.deprecated), literal('true', namedNode(XSD.boolean))));
  op.parameters.forEach((p, i) => {
    const pn = namedNode(`${n.value}/parameters/${p.in}/${pointerToken(p.name)}`);
    out.push(
      quad(n, namedNode(DK_API.parameter), pn),
      quad(pn, namedNode(RDF.type), namedNode(DK_API.Parameter)),
      quad(pn, namedNode(DK_API.parameterName), literal(p.name)),
      quad(pn, namedNode(DK_API.parameterLocation), literal(p.in)),
      quad(pn, namedNode(DK_API.required), literal(String(p.required), namedNode(XSD.boolean))),
      quad(pn, namedNode(DK_API.position), literal(String(i), namedNode(XSD.integer))),
    );
  });
  return out;
}

/** A JSON pointer token (`~` → `~0`, `/` → `~1`), percent-encoded for an IRI fragment. */
function pointerToken(value: string): string {
  return encodeURIComponent(value.replace(/~/g, '~0').replace(/\//g, '~1'));
}

function withoutFragment(url: string): string {
  const hash = url.indexOf('#');
  return hash === -1 ? url : url.slice(0, hash);
}

/**
 * The value as written when it is an absolute http(s), mailto or urn IRI, else undefined: a document's
 * text never becomes a relative or malformed IRI.
 */
function absoluteIri(value: string): string | undefined {
  const written = value.trim();
  if (/[\s<>"{}|\\^`]/.test(written)) return undefined;
  try {
    return /^(https?|mailto|urn):$/.test(new URL(written).protocol) ? written : undefined;
  } catch {
    return undefined;
  }
}
