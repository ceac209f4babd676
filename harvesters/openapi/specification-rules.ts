import { HTTP_METHODS, type SchemaProblem, type SpecVersion } from './api-description.js';
import { plain } from './plain-text.js';

type Json = Record<string, unknown>;

/**
 * The rules of the OpenAPI specification that swagger-parser's JSON Schema check does not catch for
 * OpenAPI 3.x: unique operationIds; path parameters that match the path template and are required;
 * no parameter declared twice in one list; security requirements that name a declared scheme; schema
 * `pattern`s that are regular expressions; absolute URLs and e-mail addresses in `info`, `externalDocs` and tags; `example` and `examples` never together. For 3.1 also what its current schema
 * says and swagger-parser's bundled one does not: a server variable's `default` is one of its
 * non-empty `enum`, `allowReserved` only on query parameters, links without unknown fields.
 */
export function specificationRuleProblems(spec: SpecVersion, doc: Json): SchemaProblem[] {
  const problems: SchemaProblem[] = [];
  const is31 = spec.version.startsWith('3.1');
  operationRules(doc, problems);
  formatRules(doc, problems);
  if (is31) serverVariableRules(doc, problems);
  walkComponents(doc, [], is31, problems);
  patternRules(doc, problems);
  return problems;
}

function operationRules(doc: Json, problems: SchemaProblem[]): void {
  const paths = obj(doc['paths']) ?? {};
  const seenIds = new Map<string, string>();
  const declaredSchemes = new Set(Object.keys(obj(obj(doc['components'])?.['securitySchemes']) ?? {}));
  checkSecurity(doc['security'], declaredSchemes, 'security', problems);
  for (const [template, itemValue] of Object.entries(paths)) {
    const item = obj(itemValue);
    if (item === undefined || template.startsWith('x-')) continue;
    const inTemplate = new Set([...template.matchAll(/\{([^{}]+)\}/g)].map((m) => m[1]!));
    const shared = params(item['parameters']);
    duplicates(shared, `paths › ${template} › parameters`, problems);
    for (const method of HTTP_METHODS) {
      const op = obj(item[method]);
      if (op === undefined) continue;
      const at = `paths › ${template} › ${method}`;
      const id = typeof op['operationId'] === 'string' ? op['operationId'] : undefined;
      if (id !== undefined) {
        const first = seenIds.get(id);
        if (first !== undefined) problems.push(rule(at, `The operationId "${plain(id)}" is already used by ${first}; operationIds must be unique.`));
        else seenIds.set(id, `${method.toUpperCase()} ${template}`);
      }
      const own = params(op['parameters']);
      duplicates(own, `${at} › parameters`, problems);
      const merged = new Map<string, { name: string; in: string; required: unknown }>();
      for (const p of [...shared, ...own]) merged.set(`${p.in}\u0000${p.name}`, p);
      const pathParams = [...merged.values()].filter((p) => p.in === 'path');
      for (const name of inTemplate) {
        if (!pathParams.some((p) => p.name === name)) problems.push(rule(at, `The path template has {${plain(name)}}, but no path parameter "${plain(name)}" is declared.`));
      }
      for (const p of pathParams) {
        if (!inTemplate.has(p.name)) problems.push(rule(`${at} › parameters`, `The path parameter "${plain(p.name)}" does not appear in the path template ${plain(template)}.`));
        else if (p.required !== true) problems.push(rule(`${at} › parameters`, `The path parameter "${plain(p.name)}" must have "required: true".`));
      }
      checkSecurity(op['security'], declaredSchemes, `${at} › security`, problems);
    }
  }
}

function checkSecurity(value: unknown, declared: ReadonlySet<string>, at: string, problems: SchemaProblem[]): void {
  if (!Array.isArray(value)) return;
  for (const requirement of value) {
    for (const name of Object.keys(obj(requirement) ?? {})) {
      if (!declared.has(name)) problems.push(rule(at, `The security scheme "${plain(name)}" is not declared in components › securitySchemes.`));
    }
  }
}

/** An absolute URI (RFC 3986): a scheme, then URI characters only, every `%` starting a percent-encoding. */
const ABSOLUTE_URI = /^[A-Za-z][A-Za-z0-9+.-]*:(?:[A-Za-z0-9\-._~:/?#[\]@!$&'()*+,;=]|%[0-9A-Fa-f]{2})*$/;
const EMAIL = /^[^\s@<>()[\]\\,;:"]+@[^\s@<>()[\]\\,;:"]+\.[^\s@<>()[\]\\,;:"]+$/;

function formatRules(doc: Json, problems: SchemaProblem[]): void {
  const info = obj(doc['info']) ?? {};
  const contact = obj(info['contact']) ?? {};
  const urls: [unknown, string][] = [
    [info['termsOfService'], 'info › termsOfService'],
    [contact['url'], 'info › contact › url'],
    [obj(info['license'])?.['url'], 'info › license › url'],
    [obj(doc['externalDocs'])?.['url'], 'externalDocs › url'],
  ];
  if (Array.isArray(doc['tags'])) doc['tags'].forEach((t, i) => urls.push([obj(obj(t)?.['externalDocs'])?.['url'], `tags › ${i} › externalDocs › url`]));
  for (const [value, at] of urls) {
    if (typeof value === 'string' && !ABSOLUTE_URI.test(value)) problems.push(rule(at, `${JSON.stringify(plain(value))} is not an absolute URL (the catalog links to it).`));
  }
  const email = contact['email'];
  if (typeof email === 'string' && !EMAIL.test(email)) problems.push(rule('info › contact › email', `${JSON.stringify(plain(email))} is not an e-mail address.`));
}

function serverVariableRules(doc: Json, problems: SchemaProblem[]): void {
  const servers = Array.isArray(doc['servers']) ? doc['servers'] : [];
  servers.forEach((server, i) => {
    for (const [name, value] of Object.entries(obj(obj(server)?.['variables']) ?? {})) {
      const variable = obj(value);
      const values = variable?.['enum'];
      if (!Array.isArray(values)) continue;
      const at = `servers › ${i} › variables › ${plain(name)}`;
      if (values.length === 0) problems.push(rule(at, 'The enum of a server variable must not be empty.'));
      else if (!values.includes(variable?.['default'])) problems.push(rule(at, `The default ${JSON.stringify(variable?.['default'])} is not one of the variable's enum values.`));
    }
  });
}

const LINK_FIELDS = new Set(['operationRef', 'operationId', 'parameters', 'requestBody', 'description', 'server']);
/** Subtrees that hold data or schemas, not OpenAPI objects: never read as parameters, headers or links. */
const OPAQUE = new Set(['schema', 'schemas', 'example', 'examples', 'default', 'enum', 'const', 'value', 'properties', 'items', 'allOf', 'anyOf', 'oneOf', 'not']);

/**
 * Where a walk is in the document: the key that led here and where that was. Kept as a chain, made a
 * readable path (`paths › /x › get`) only for a node that has a problem: the walks visit every node of
 * a dereferenced document, and most have none.
 */
interface Step {
  readonly key: string;
  readonly up: Step | undefined;
}

/** Whether a key reads as `word` in a path (keys are shown through `plain`, so `" parameters"` does too). */
function reads(key: string | undefined, word: string): boolean {
  return key === word || (key !== undefined && key.includes(word) && plain(key) === word);
}

function pathOf(step: Step | undefined, ...more: string[]): string {
  const keys: string[] = [];
  for (let s = step; s !== undefined; s = s.up) keys.push(plain(s.key));
  keys.reverse();
  return [...keys, ...more].join(' › ');
}

/** Parameters, headers, media types and links, wherever they are (components, paths, responses). */
function walkComponents(doc: Json, at: string[], is31: boolean, problems: SchemaProblem[]): void {
  const seen = new Set<object>();
  let root: Step | undefined;
  for (const key of at) root = { key, up: root };
  const stack: { value: Json; at: Step | undefined }[] = [{ value: doc, at: root }];
  while (stack.length > 0) {
    const { value, at: here } = stack.pop()!;
    if (seen.has(value)) continue;
    seen.add(value);
    const container = here?.up?.key;
    if (reads(container, 'parameters') || reads(container, 'headers') || reads(container, 'content')) {
      if ('example' in value && 'examples' in value) problems.push(rule(pathOf(here), '"example" and "examples" cannot be used together.'));
    }
    if (is31 && reads(container, 'parameters') && 'allowReserved' in value && value['in'] !== 'query') {
      problems.push(rule(pathOf(here), `"allowReserved" is only allowed on query parameters, not on ${plain(String(value['in']))} parameters.`));
    }
    if (is31 && reads(container, 'headers') && 'allowReserved' in value) problems.push(rule(pathOf(here), '"allowReserved" is not allowed on a header.'));
    if (is31 && reads(container, 'links')) {
      for (const key of Object.keys(value)) if (!LINK_FIELDS.has(key) && !key.startsWith('x-')) problems.push(rule(pathOf(here), `"${plain(key)}" is not a field of a link.`));
    }
    if (Array.isArray(value)) {
      for (let i = 0; i < value.length; i++) {
        const child: unknown = value[i];
        if (child !== null && typeof child === 'object') stack.push({ value: child as Json, at: { key: String(i), up: here } });
      }
      continue;
    }
    for (const key in value) {
      if (!Object.prototype.hasOwnProperty.call(value, key)) continue;
      const child = value[key];
      if (OPAQUE.has(key) || key.startsWith('x-') || child === null || typeof child !== 'object') continue;
      stack.push({ value: child as Json, at: { key, up: here } });
    }
  }
}

/** Every `pattern` in a schema must be a regular expression (ECMA-262); walks the document once, cycles included. */
function patternRules(doc: Json, problems: SchemaProblem[]): void {
  const seen = new Set<object>();
  const stack: { value: object; at: Step | undefined }[] = [{ value: doc, at: undefined }];
  while (stack.length > 0 && seen.size < 500_000) {
    const { value, at } = stack.pop()!;
    if (seen.has(value)) continue;
    seen.add(value);
    if (Array.isArray(value)) {
      for (let i = 0; i < value.length; i++) {
        const child: unknown = value[i];
        if (child !== null && typeof child === 'object') stack.push({ value: child, at: { key: String(i), up: at } });
      }
      continue;
    }
    const record = value as Json;
    for (const key in record) {
      if (!Object.prototype.hasOwnProperty.call(record, key)) continue;
      const child = record[key];
      if (key === 'pattern' && typeof child === 'string' && !reads(at?.key, 'properties')) {
        if (!isRegExp(child)) problems.push(rule(pathOf(at, key), `The pattern ${JSON.stringify(plain(child))} is not a valid regular expression.`));
      } else if (child !== null && typeof child === 'object') {
        stack.push({ value: child, at: { key, up: at } });
      }
    }
  }
}

function isRegExp(source: string): boolean {
  for (const flags of ['u', '']) {
    try {
      new RegExp(source, flags);
      return true;
    } catch {
      // try without the unicode flag: many documents use escapes only legal without it
    }
  }
  return false;
}

function params(value: unknown): { name: string; in: string; required: unknown }[] {
  if (!Array.isArray(value)) return [];
  return value.flatMap((v) => {
    const p = obj(v);
    return p !== undefined && typeof p['name'] === 'string' && typeof p['in'] === 'string' ? [{ name: p['name'], in: p['in'], required: p['required'] }] : [];
  });
}

function duplicates(list: readonly { name: string; in: string }[], at: string, problems: SchemaProblem[]): void {
  const seen = new Set<string>();
  for (const p of list) {
    const key = `${p.in}\u0000${p.name}`;
    if (seen.has(key)) problems.push(rule(at, `The ${plain(p.in)} parameter "${plain(p.name)}" is declared twice.`));
    seen.add(key);
  }
}

function rule(at: string, message: string): SchemaProblem {
  return { kind: 'rule', at, message };
}

function obj(value: unknown): Json | undefined {
  return value !== null && typeof value === 'object' && !Array.isArray(value) ? (value as Json) : undefined;
}

