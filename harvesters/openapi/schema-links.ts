import type { ApiSchemaLink, SpecVersion } from './api-description.js';

type Json = Record<string, unknown>;

/** Caps on what one document may contribute: schemas read, properties read per schema, IRIs per schema or property. */
export const MAX_SCHEMAS = 2000;
export const MAX_PROPERTIES_PER_SCHEMA = 500;
export const MAX_IRIS_PER_SCHEMA = 10;

/**
 * The schemas of a document that name what they represent: a schema (in `components.schemas`, or
 * `definitions` in Swagger 2.0), or a property of one, whose `externalDocs.url` or an `x-` extension
 * (a string or a list of strings) is an absolute http(s) IRI — a model element of an information model
 * (`x-modelElement: https://data.norge.no/modeller/enhet#Enhet`), a concept, or any page it points at.
 * Each comes with its JSON pointer in the document (`components/schemas/Enhet/properties/navn`).
 * Reads the dereferenced document one level into `properties`, never following references further,
 * so a cyclic schema cannot loop; a hostile document gives at most the caps above.
 */
export function readSchemaLinks(spec: SpecVersion, resolved: Json): ApiSchemaLink[] {
  const container = spec.family === 'swagger' ? object(resolved['definitions']) : object(object(resolved['components'])?.['schemas']);
  if (container === undefined) return [];
  const base = spec.family === 'swagger' ? 'definitions' : 'components/schemas';
  const out: ApiSchemaLink[] = [];
  for (const [name, value] of Object.entries(container).slice(0, MAX_SCHEMAS)) {
    const schema = object(value);
    if (schema === undefined) continue;
    const pointer = `${base}/${pointerToken(name)}`;
    const named = namedIris(schema);
    if (named.length > 0) out.push({ name, pointer, iris: named });
    const properties = object(schema['properties']);
    if (properties === undefined) continue;
    for (const [property, propertyValue] of Object.entries(properties).slice(0, MAX_PROPERTIES_PER_SCHEMA)) {
      const p = object(propertyValue);
      const iris = p === undefined ? [] : namedIris(p);
      if (iris.length > 0) out.push({ name: `${name}.${property}`, pointer: `${pointer}/properties/${pointerToken(property)}`, iris });
    }
  }
  return out;
}

/** The absolute http(s) IRIs a schema object names in `externalDocs.url` and its `x-` extensions, in order, at most MAX_IRIS_PER_SCHEMA. */
function namedIris(schema: Json): string[] {
  const found = new Set<string>();
  const take = (value: unknown): void => {
    const iri = typeof value === 'string' ? httpIri(value) : undefined;
    if (iri !== undefined && found.size < MAX_IRIS_PER_SCHEMA) found.add(iri);
  };
  take(object(schema['externalDocs'])?.['url']);
  for (const [key, value] of Object.entries(schema)) {
    if (!key.startsWith('x-')) continue;
    if (Array.isArray(value)) for (const v of value.slice(0, MAX_IRIS_PER_SCHEMA)) take(v);
    else take(value);
  }
  return [...found];
}

function httpIri(value: string): string | undefined {
  const written = value.trim();
  if (written.length > 2000 || /[\s<>"{}|\\^`]/.test(written)) return undefined;
  try {
    return /^https?:$/.test(new URL(written).protocol) ? written : undefined;
  } catch {
    return undefined;
  }
}

function object(value: unknown): Json | undefined {
  return value !== null && typeof value === 'object' && !Array.isArray(value) ? (value as Json) : undefined;
}

/** A JSON pointer token (`~` → `~0`, `/` → `~1`), percent-encoded for an IRI fragment. */
function pointerToken(value: string): string {
  return encodeURIComponent(value.replace(/~/g, '~0').replace(/\//g, '~1'));
}
