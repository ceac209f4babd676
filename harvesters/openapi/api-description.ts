/**
 * What the catalog keeps of an OpenAPI document: a plain, JSON-safe summary the parse worker extracts
 * from the dereferenced document. The worker never hands back the document tree itself (it may be
 * large and cyclic); the mapping to DCAT-AP-NO, the search mapper and the version diff read this.
 */

/** The specification a document declares: Swagger 2.0, OpenAPI 3.0.x or 3.1.x. */
export interface SpecVersion {
  readonly family: 'swagger' | 'openapi';
  /** As written: `2.0`, `3.0.3`, `3.1.0`. */
  readonly version: string;
}

export const HTTP_METHODS = ['get', 'put', 'post', 'delete', 'options', 'head', 'patch', 'trace'] as const;
export type HttpMethod = (typeof HTTP_METHODS)[number];

export const PARAMETER_LOCATIONS = ['path', 'query', 'header', 'cookie', 'body', 'formData'] as const;
export type ParameterLocation = (typeof PARAMETER_LOCATIONS)[number];

export interface ApiParameter {
  readonly name: string;
  readonly in: ParameterLocation;
  readonly required: boolean;
}

export interface ApiOperation {
  readonly method: HttpMethod;
  /** The path template as written, e.g. `/enheter/{organisasjonsnummer}`. */
  readonly path: string;
  readonly operationId?: string;
  readonly summary?: string;
  readonly description?: string;
  readonly tags: readonly string[];
  /** Path-level and operation-level parameters merged (the operation's win), a request body as `body`. */
  readonly parameters: readonly ApiParameter[];
  readonly deprecated: boolean;
  /** Media types of the request body and of every response. */
  readonly mediaTypes: readonly string[];
}

export const SECURITY_SCHEME_KINDS = ['api-key', 'http-basic', 'http-bearer', 'http-other', 'oauth2', 'openid-connect', 'mutual-tls'] as const;
export type SecuritySchemeKind = (typeof SECURITY_SCHEME_KINDS)[number];

export interface ApiSecurityScheme {
  /** The scheme's name in the document (`components.securitySchemes` / `securityDefinitions`). */
  readonly name: string;
  readonly kind: SecuritySchemeKind;
  readonly description?: string;
  /** API key: where the key goes (`header`, `query`, `cookie`) and its name. */
  readonly in?: string;
  readonly parameterName?: string;
  /** HTTP: the scheme (`basic`, `bearer`, `digest`, …). */
  readonly scheme?: string;
  /** OpenID Connect discovery URL. */
  readonly openIdConnectUrl?: string;
}

export interface ApiContact {
  readonly name?: string;
  readonly email?: string;
  readonly url?: string;
}

export interface ApiLicense {
  readonly name?: string;
  readonly url?: string;
  /** OpenAPI 3.1 `license.identifier`: an SPDX licence expression. */
  readonly identifier?: string;
}

export interface ApiTag {
  readonly name: string;
  readonly description?: string;
}

export interface ApiDescription {
  readonly spec: SpecVersion;
  readonly title?: string;
  readonly description?: string;
  readonly summary?: string;
  /** `info.version`, as a string even when YAML gave a number. */
  readonly version?: string;
  /** The document's language from an `x-` extension (`info.x-language`, `x-lang`, …), when it declares one. */
  readonly language?: string;
  readonly termsOfService?: string;
  readonly contact?: ApiContact;
  readonly license?: ApiLicense;
  readonly externalDocs?: { readonly url: string; readonly description?: string };
  /** Absolute endpoint URLs, in the document's order, without duplicates. */
  readonly servers: readonly string[];
  /** Server entries that could not be turned into an absolute http(s) URL, with the reason. */
  readonly serverProblems: readonly string[];
  readonly tags: readonly ApiTag[];
  /** Operations in the document's order (paths in order, methods in the specification's order). */
  readonly operations: readonly ApiOperation[];
  readonly securitySchemes: readonly ApiSecurityScheme[];
  /** True when the document (or an operation) requires no security at all somewhere. */
  readonly allowsAnonymous: boolean;
  /** Every request and response media type, sorted. */
  readonly mediaTypes: readonly string[];
  /** Schemas that name a model element (or anything else) with `externalDocs` or an `x-` extension (schema-links.ts). */
  readonly schemaLinks?: readonly ApiSchemaLink[];
}

/** A schema (or a property of one) that names what it represents: a model element, a concept, a page. */
export interface ApiSchemaLink {
  /** The schema's name, `Schema.property` for a property. */
  readonly name: string;
  /** Its JSON pointer in the document, percent-encoded for an IRI fragment (`components/schemas/Enhet`). */
  readonly pointer: string;
  /** Absolute http(s) IRIs from its `externalDocs.url` and `x-` extensions. */
  readonly iris: readonly string[];
}

/** One way the document departs from the OpenAPI schema of its version, in plain words. */
export interface SchemaProblem {
  /**
   * `schema`: the JSON Schema of the document's OpenAPI version says no. `rule`: a rule of the
   * specification that its schema cannot express (unique operationIds, path parameters matching the
   * template, declared security schemes, valid regular expressions).
   */
  readonly kind: 'schema' | 'rule';
  /** Where in the document, as a readable path (`paths › /pets › get › responses`); `(document)` for the root. */
  readonly at: string;
  readonly message: string;
}
