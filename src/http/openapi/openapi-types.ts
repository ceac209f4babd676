/**
 * The parts of OpenAPI 3.1 our own description uses (https://spec.openapis.org/oas/v3.1.0), typed so
 * that the document and the API reference page read the same structure.
 */

/** A JSON Schema 2020-12 object (OpenAPI 3.1's schema dialect), or a `$ref`. */
export type JsonSchema = { readonly $ref: string } | { readonly [keyword: string]: unknown };

export interface Parameter {
  readonly name: string;
  readonly in: 'path' | 'query' | 'header';
  readonly description: string;
  readonly required?: boolean;
  readonly schema: JsonSchema;
  /** Repeated parameters (`publisher=a&publisher=b`) are arrays with `explode: true` (the default for query). */
  readonly explode?: boolean;
}

export type ParameterOrRef = Parameter | { readonly $ref: string };

export interface MediaType {
  readonly schema?: JsonSchema;
}

export interface RequestBody {
  readonly description: string;
  readonly required?: boolean;
  readonly content: Readonly<Record<string, MediaType>>;
}

export interface Header {
  readonly description: string;
  readonly schema: JsonSchema;
}

export interface ResponseObject {
  readonly description: string;
  readonly headers?: Readonly<Record<string, Header>>;
  readonly content?: Readonly<Record<string, MediaType>>;
}

export type ResponseOrRef = ResponseObject | { readonly $ref: string };

export interface Operation {
  readonly operationId: string;
  readonly summary: string;
  readonly description?: string;
  readonly tags: readonly string[];
  readonly parameters?: readonly ParameterOrRef[];
  readonly requestBody?: RequestBody;
  readonly responses: Readonly<Record<string, ResponseOrRef>>;
  /** Absent: public. `[]` never appears; a write route names the schemes that may call it. */
  readonly security?: readonly Readonly<Record<string, readonly string[]>>[];
}

export const HTTP_METHODS = ['get', 'put', 'post', 'delete', 'patch'] as const;
export type HttpMethod = (typeof HTTP_METHODS)[number];

export type PathItem = {
  readonly parameters?: readonly ParameterOrRef[];
} & { readonly [M in HttpMethod]?: Operation };

export interface SecurityScheme {
  readonly type: 'http';
  readonly scheme: 'bearer';
  readonly bearerFormat?: string;
  readonly description: string;
}

export interface OpenApiDocument {
  readonly openapi: '3.1.0';
  readonly info: { readonly title: string; readonly version: string; readonly description: string; readonly license: { readonly name: string; readonly identifier: string } };
  readonly servers: readonly { readonly url: string }[];
  readonly tags: readonly { readonly name: string; readonly description: string }[];
  readonly paths: Readonly<Record<string, PathItem>>;
  readonly components: {
    readonly schemas: Readonly<Record<string, JsonSchema>>;
    readonly parameters: Readonly<Record<string, Parameter>>;
    readonly responses: Readonly<Record<string, ResponseObject>>;
    readonly securitySchemes: Readonly<Record<string, SecurityScheme>>;
  };
}
