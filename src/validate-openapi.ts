import { pathToFileURL } from 'node:url';
import type { Quad } from '@rdfjs/types';
import { DataFactory, Writer } from 'n3';
import type { ApiDescription, SchemaProblem } from '../harvesters/openapi/api-description.js';
import { dataServiceQuads } from '../harvesters/openapi/map-data-service.js';
import { OpenApiParser } from '../harvesters/openapi/openapi-parser.js';
import type { ReferenceReader } from '../harvesters/openapi/parse-openapi.js';
import { plain } from '../harvesters/openapi/plain-text.js';
import type { ValidationReport, ValidationResult } from './core/validation-report.js';
import { DCT } from './rdf/namespaces.js';

/**
 * `datakatalog validate` on an OpenAPI document: the document's own problems (the OpenAPI schema of
 * its version and the rules it cannot express, `$ref`s that could not be followed) and the data service
 * the catalog would make of it, checked with the SHACL shapes like any harvested record.
 */

/** An OpenAPI document says so at its top: `openapi: 3.x` or `swagger: "2.0"` (JSON or YAML), among its first lines. */
export function looksLikeOpenApi(body: Uint8Array): boolean {
  const head = Buffer.from(body.subarray(0, 4096)).toString('utf8');
  return /^\s*\{?\s*["']?(openapi|swagger)["']?\s*:\s*["']?\d/m.test(head);
}

export interface OpenApiCheck {
  readonly ok: true;
  /** The data service's IRI: the document's URL, or the file's `file:` URL. */
  readonly iri: string;
  readonly api: ApiDescription;
  readonly schemaProblems: readonly SchemaProblem[];
  readonly referenceProblems: readonly string[];
  readonly quads: readonly Quad[];
  /** Whether `dct:publisher` was written (only with an organisation number). */
  readonly publisher: boolean;
}

export type OpenApiCheckOutcome = OpenApiCheck | { readonly ok: false; readonly message: string; readonly line?: number };

/**
 * Reads the document in a parse worker (the harvest's limits) and maps it. `$ref`s over http(s) go
 * through `readReference` (the guarded fetcher); a local file's only to files in its folder.
 */
export async function checkOpenApi(input: { body: Uint8Array; location: string; isUrl: boolean; contentType?: string; publisher?: string }, readReference: ReferenceReader): Promise<OpenApiCheckOutcome> {
  const parser = new OpenApiParser();
  try {
    const outcome = await parser.parse({ body: input.body, location: input.location, ...(input.contentType !== undefined ? { contentType: input.contentType } : {}) }, readReference);
    if (!outcome.ok) return { ok: false, message: outcome.message, ...(outcome.line !== undefined ? { line: outcome.line } : {}) };
    const iri = input.isUrl ? input.location : pathToFileURL(input.location).href;
    // Without an organisation number there is no publisher to write (a harvest takes the source's).
    const mapped = dataServiceQuads(outcome.api, { iri, documentUrl: iri, publisher: input.publisher ?? '000000000' });
    const quads = input.publisher !== undefined ? mapped : mapped.filter((q) => !(q.subject.value === iri && q.predicate.value === DCT.publisher));
    return { ok: true, iri, api: outcome.api, schemaProblems: outcome.schemaProblems, referenceProblems: outcome.referenceProblems, quads, publisher: input.publisher !== undefined };
  } finally {
    await parser.close();
  }
}

/** The report without its results on the service's `dct:publisher` when none could be written (the harvest writes the source's). */
export function withoutPublisherResults(report: ValidationReport, check: OpenApiCheck): ValidationReport {
  if (check.publisher) return report;
  const results = report.results.filter((r) => !(r.focusNode === check.iri && r.path === DCT.publisher));
  const count = (severity: ValidationResult['severity']): number => results.filter((r) => r.severity === severity).length;
  const counts = { violation: count('violation'), warning: count('warning'), info: count('info') };
  return { ...report, results, counts, conforms: counts.violation === 0 };
}

/** The document's problems and the data service it gives, in plain words (English; text from the document made one-line safe). */
export function describeOpenApiCheck(check: OpenApiCheck, lang: 'nb' | 'en'): string {
  const nb = lang === 'nb';
  const { api } = check;
  const lines: string[] = [];
  const family = api.spec.family === 'swagger' ? `Swagger ${api.spec.version}` : `OpenAPI ${api.spec.version}`;
  lines.push(nb ? `${family}-dokument: ${check.iri}` : `${family} document: ${check.iri}`);
  const problems = [...check.schemaProblems.map((p) => `${p.at}: ${plain(p.message, 300)}${p.kind === 'rule' ? (nb ? ' (regel i spesifikasjonen)' : ' (rule of the specification)') : ''}`), ...check.referenceProblems.map((m) => plain(m, 300))];
  if (problems.length === 0) lines.push(nb ? '  Ingen feil mot OpenAPI-skjemaet.' : '  No errors against the OpenAPI schema.');
  else {
    lines.push(nb ? `  ${problems.length} feil i dokumentet:` : `  ${problems.length} ${problems.length === 1 ? 'problem' : 'problems'} in the document:`);
    for (const p of problems.slice(0, 100)) lines.push(`    - ${p}`);
    if (problems.length > 100) lines.push(nb ? `    … og ${problems.length - 100} til (--json gir alle)` : `    … and ${problems.length - 100} more (--json lists all)`);
  }
  lines.push('', nb ? 'Datatjenesten katalogen lager av det:' : 'The data service the catalog makes of it:');
  lines.push(`  ${nb ? 'tittel' : 'title'}: ${api.title !== undefined ? plain(api.title, 200) : nb ? '(mangler: info.title)' : '(missing: info.title)'}`);
  if (api.version !== undefined) lines.push(`  ${nb ? 'versjon' : 'version'}: ${plain(api.version, 50)}`);
  lines.push(`  ${nb ? 'adresser' : 'endpoints'}: ${api.servers.length > 0 ? api.servers.join(', ') : nb ? '(ingen lesbar adresse)' : '(no readable endpoint)'}`);
  const access = [...new Set([...(api.allowsAnonymous ? ['none'] : []), ...api.securitySchemes.map((s) => s.kind)])];
  lines.push(`  ${nb ? 'tilgang' : 'access'}: ${access.length > 0 ? access.join(', ') : '—'}`);
  lines.push(`  ${nb ? 'operasjoner' : 'operations'} (${api.operations.length}):`);
  for (const op of api.operations.slice(0, 200)) {
    lines.push(`    ${op.method.toUpperCase().padEnd(7)} ${plain(op.path, 200)}${op.summary !== undefined ? `  ${plain(op.summary, 120)}` : ''}${op.deprecated ? (nb ? '  (utgått)' : '  (deprecated)') : ''}`);
  }
  if (api.operations.length > 200) lines.push(`    … ${api.operations.length - 200} ${nb ? 'til' : 'more'}`);
  if (api.title === undefined || api.servers.length === 0) lines.push('', nb ? 'En høsting hopper over dokumentet: en datatjeneste trenger tittel og minst én adresse.' : 'A harvest skips this document: a data service needs a title and at least one endpoint URL.');
  if (!check.publisher) lines.push('', nb ? 'dct:publisher kommer fra kildens organisasjonsnummer ved høsting (--publisher for å ta det med her).' : "dct:publisher comes from the source's organisation number when harvested (--publisher to include it here).");
  return lines.join('\n');
}

/** The data service as Turtle (for --json and for reading). */
export async function dataServiceTurtle(quads: readonly Quad[]): Promise<string> {
  const writer = new Writer({ prefixes: { dcat: 'http://www.w3.org/ns/dcat#', dct: 'http://purl.org/dc/terms/', dk: 'https://w3id.org/datakatalog/vocab#' } });
  writer.addQuads(quads.map((q) => DataFactory.quad(q.subject, q.predicate, q.object)));
  return new Promise((resolve, reject) => writer.end((error, text: string) => (error ? reject(error) : resolve(text))));
}
