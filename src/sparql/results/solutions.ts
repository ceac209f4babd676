/**
 * SPARQL results held as plain values, read from a server's SPARQL JSON and written in the four formats
 * the endpoint offers (SPARQL JSON, SPARQL XML, CSV, TSV), the way the embedded engine writes them: a
 * forwarded query answers in the same form whichever index holds the graph.
 */
export type ResultTerm =
  | { readonly type: 'uri'; readonly value: string }
  | { readonly type: 'bnode'; readonly value: string }
  | { readonly type: 'literal'; readonly value: string; readonly 'xml:lang'?: string; readonly datatype?: string };

export type SolutionResults =
  | { readonly kind: 'boolean'; readonly boolean: boolean }
  | { readonly kind: 'bindings'; readonly vars: readonly string[]; readonly bindings: readonly Readonly<Record<string, ResultTerm>>[] };

const XSD_STRING = 'http://www.w3.org/2001/XMLSchema#string';
const RDF_LANG_STRING = 'http://www.w3.org/1999/02/22-rdf-syntax-ns#langString';

/** Thrown when a body is not SPARQL JSON results. */
export class MalformedResultsError extends Error {}

/**
 * Reads SPARQL 1.1 JSON results, also in the older forms servers still send: `typed-literal` (Virtuoso),
 * an `xsd:string` datatype on a simple literal, blank node labels such as `nodeID://b10007`.
 */
export function readJsonResults(body: string): SolutionResults {
  let json: unknown;
  try {
    json = JSON.parse(body);
  } catch (error) {
    throw new MalformedResultsError(`The server's answer is not JSON: ${(error as Error).message}`);
  }
  if (typeof json !== 'object' || json === null) throw new MalformedResultsError('The server answered JSON that is not SPARQL results.');
  const doc = json as { boolean?: unknown; head?: { vars?: unknown }; results?: { bindings?: unknown } };
  if (typeof doc.boolean === 'boolean') return { kind: 'boolean', boolean: doc.boolean };
  const vars = Array.isArray(doc.head?.vars) ? (doc.head.vars as unknown[]).filter((v): v is string => typeof v === 'string') : [];
  const raw = doc.results?.bindings;
  if (!Array.isArray(raw)) throw new MalformedResultsError('The server answered JSON without results.bindings.');
  const bindings = raw.map((row: unknown) => {
    const out: Record<string, ResultTerm> = {};
    if (typeof row !== 'object' || row === null) return out;
    for (const [name, term] of Object.entries(row as Record<string, unknown>)) out[name] = readTerm(term);
    return out;
  });
  return { kind: 'bindings', vars, bindings };
}

function readTerm(raw: unknown): ResultTerm {
  const t = raw as { type?: unknown; value?: unknown; datatype?: unknown; 'xml:lang'?: unknown };
  const value = typeof t.value === 'string' ? t.value : String(t.value ?? '');
  switch (t.type) {
    case 'uri':
      return { type: 'uri', value };
    case 'bnode':
      return { type: 'bnode', value: blankLabel(value) };
    case 'literal':
    case 'typed-literal': {
      const lang = typeof t['xml:lang'] === 'string' && t['xml:lang'] !== '' ? t['xml:lang'] : undefined;
      const datatype = typeof t.datatype === 'string' ? t.datatype : undefined;
      if (lang !== undefined) return { type: 'literal', value, 'xml:lang': lang };
      if (datatype !== undefined && datatype !== XSD_STRING && datatype !== RDF_LANG_STRING) return { type: 'literal', value, datatype };
      return { type: 'literal', value };
    }
    default:
      throw new MalformedResultsError(`The server answered a term of unknown type "${String(t.type)}".`);
  }
}

/** A blank node label usable in N-Triples and Turtle (`nodeID://b10007` → `b10007`). */
function blankLabel(value: string): string {
  const label = value.replace(/^nodeID:\/\//, '').replace(/^_:/, '');
  return /^[A-Za-z0-9_]([A-Za-z0-9_.-]*[A-Za-z0-9_-])?$/.test(label) ? label : `b${Buffer.from(label, 'utf8').toString('hex')}`;
}

/** Solutions in a result (0 for a boolean). */
export function solutionCount(results: SolutionResults): number {
  return results.kind === 'boolean' ? 0 : results.bindings.length;
}

export const SOLUTION_MEDIA_TYPES = ['application/sparql-results+json', 'application/sparql-results+xml', 'text/csv', 'text/tab-separated-values'] as const;

/** Writes results in one of SOLUTION_MEDIA_TYPES (CSV and TSV only for bindings). */
export function writeSolutions(results: SolutionResults, mediaType: string): string {
  switch (mediaType) {
    case 'application/sparql-results+json':
      return writeJson(results);
    case 'application/sparql-results+xml':
      return writeXml(results);
    case 'text/csv':
      return writeCsv(results);
    case 'text/tab-separated-values':
      return writeTsv(results);
    default:
      throw new Error(`Cannot write SPARQL results as ${mediaType}.`);
  }
}

function writeJson(results: SolutionResults): string {
  if (results.kind === 'boolean') return JSON.stringify({ head: {}, boolean: results.boolean });
  return JSON.stringify({ head: { vars: results.vars }, results: { bindings: results.bindings } });
}

function xmlEscape(s: string): string {
  return s.replace(/[&<>"]/g, (c) => (c === '&' ? '&amp;' : c === '<' ? '&lt;' : c === '>' ? '&gt;' : '&quot;'));
}

function writeXml(results: SolutionResults): string {
  const head = '<?xml version="1.0"?><sparql xmlns="http://www.w3.org/2005/sparql-results#">';
  if (results.kind === 'boolean') return `${head}<head></head><boolean>${results.boolean}</boolean></sparql>`;
  const parts = [head, '<head>', ...results.vars.map((v) => `<variable name="${xmlEscape(v)}"/>`), '</head><results>'];
  for (const row of results.bindings) {
    parts.push('<result>');
    for (const [name, term] of Object.entries(row)) parts.push(`<binding name="${xmlEscape(name)}">${xmlTerm(term)}</binding>`);
    parts.push('</result>');
  }
  parts.push('</results></sparql>');
  return parts.join('');
}

function xmlTerm(term: ResultTerm): string {
  if (term.type === 'uri') return `<uri>${xmlEscape(term.value)}</uri>`;
  if (term.type === 'bnode') return `<bnode>${xmlEscape(term.value)}</bnode>`;
  if (term['xml:lang'] !== undefined) return `<literal xml:lang="${xmlEscape(term['xml:lang'])}">${xmlEscape(term.value)}</literal>`;
  if (term.datatype !== undefined) return `<literal datatype="${xmlEscape(term.datatype)}">${xmlEscape(term.value)}</literal>`;
  return `<literal>${xmlEscape(term.value)}</literal>`;
}

function csvField(s: string): string {
  return /[",\r\n]/.test(s) ? `"${s.replace(/"/g, '""')}"` : s;
}

function writeCsv(results: SolutionResults): string {
  if (results.kind === 'boolean') throw new Error('A boolean result has no CSV form.');
  const lines = [results.vars.map(csvField).join(',')];
  for (const row of results.bindings) {
    lines.push(results.vars.map((v) => (row[v] === undefined ? '' : csvField(row[v].type === 'bnode' ? `_:${row[v].value}` : row[v].value))).join(','));
  }
  return `${lines.join('\r\n')}\r\n`;
}

function writeTsv(results: SolutionResults): string {
  if (results.kind === 'boolean') throw new Error('A boolean result has no TSV form.');
  const lines = [results.vars.map((v) => `?${v}`).join('\t')];
  for (const row of results.bindings) lines.push(results.vars.map((v) => (row[v] === undefined ? '' : tsvTerm(row[v]))).join('\t'));
  return `${lines.join('\n')}\n`;
}

/** A term in its Turtle form, as TSV results write it. */
export function tsvTerm(term: ResultTerm): string {
  if (term.type === 'uri') return `<${term.value}>`;
  if (term.type === 'bnode') return `_:${term.value}`;
  const quoted = `"${term.value.replace(/[\\"\n\r\t]/g, (c) => (c === '\\' ? '\\\\' : c === '"' ? '\\"' : c === '\n' ? '\\n' : c === '\r' ? '\\r' : '\\t'))}"`;
  if (term['xml:lang'] !== undefined) return `${quoted}@${term['xml:lang']}`;
  if (term.datatype !== undefined) return `${quoted}^^<${term.datatype}>`;
  return quoted;
}
