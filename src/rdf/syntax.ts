/**
 * Which RDF syntax a payload is in: from its Content-Type, its file name or URL, and by looking at its
 * first bytes when the server sends a missing or wrong type (text/plain, application/octet-stream,
 * text/html …). `chooseSyntax` combines the three and says how it decided, so a harvest report can
 * read "served as text/plain, read as Turtle by sniffing" or fail with a clear reason.
 */

export type RdfSyntax = 'turtle' | 'trig' | 'n-triples' | 'n-quads' | 'rdf-xml' | 'json-ld';

export const RDF_SYNTAXES: readonly RdfSyntax[] = Object.freeze(['turtle', 'trig', 'n-triples', 'n-quads', 'rdf-xml', 'json-ld']);

/** The registered media type of each syntax (what we send and what we prefer to receive). */
export const MEDIA_TYPES: Readonly<Record<RdfSyntax, string>> = Object.freeze({
  turtle: 'text/turtle',
  trig: 'application/trig',
  'n-triples': 'application/n-triples',
  'n-quads': 'application/n-quads',
  'rdf-xml': 'application/rdf+xml',
  'json-ld': 'application/ld+json',
});

/** Names for messages. */
export const SYNTAX_NAMES: Readonly<Record<RdfSyntax, string>> = Object.freeze({
  turtle: 'Turtle',
  trig: 'TriG',
  'n-triples': 'N-Triples',
  'n-quads': 'N-Quads',
  'rdf-xml': 'RDF/XML',
  'json-ld': 'JSON-LD',
});

/**
 * The Accept header a harvester sends: Turtle first (the fastest parser, about 470 k quads/s), then the
 * other n3 syntaxes, RDF/XML (110 k/s) before JSON-LD (65 k/s), generic types last.
 */
export const RDF_ACCEPT =
  'text/turtle, application/n-triples;q=0.9, application/trig;q=0.8, application/n-quads;q=0.8, ' +
  'application/rdf+xml;q=0.7, application/ld+json;q=0.6, application/x-turtle;q=0.5, text/n3;q=0.3, ' +
  'application/xml;q=0.2, application/json;q=0.2, */*;q=0.1';

/**
 * Media types (lower case, without parameters) we read. `text/plain` is deliberately absent: it was
 * N-Triples' type once, but servers send it for anything, so a text/plain payload is sniffed instead.
 * `text/n3` is read as Turtle (servers label Turtle so; a payload using N3-only syntax fails to parse).
 */
const MEDIA_TYPE_SYNTAX: ReadonlyMap<string, RdfSyntax> = new Map<string, RdfSyntax>([
  ['text/turtle', 'turtle'],
  ['application/turtle', 'turtle'],
  ['application/x-turtle', 'turtle'],
  ['text/n3', 'turtle'],
  ['text/rdf+n3', 'turtle'],
  ['application/trig', 'trig'],
  ['application/x-trig', 'trig'],
  ['application/n-triples', 'n-triples'],
  ['text/n-triples', 'n-triples'],
  ['application/n-quads', 'n-quads'],
  ['text/n-quads', 'n-quads'],
  ['text/x-nquads', 'n-quads'],
  ['text/nquads', 'n-quads'],
  ['application/rdf+xml', 'rdf-xml'],
  ['application/xml', 'rdf-xml'],
  ['text/xml', 'rdf-xml'],
  ['application/ld+json', 'json-ld'],
  ['application/json', 'json-ld'],
]);

/** Media types that say "XML" or "JSON" without saying RDF: the content decides when it disagrees. */
const GENERIC_MEDIA_TYPES = new Set(['application/xml', 'text/xml', 'application/json']);

const EXTENSION_SYNTAX: ReadonlyMap<string, RdfSyntax> = new Map<string, RdfSyntax>([
  ['ttl', 'turtle'],
  ['turtle', 'turtle'],
  ['n3', 'turtle'],
  ['trig', 'trig'],
  ['nt', 'n-triples'],
  ['ntriples', 'n-triples'],
  ['nq', 'n-quads'],
  ['nquads', 'n-quads'],
  ['rdf', 'rdf-xml'],
  ['xml', 'rdf-xml'],
  ['owl', 'rdf-xml'],
  ['rdfxml', 'rdf-xml'],
  ['jsonld', 'json-ld'],
  ['json', 'json-ld'],
]);

/** The media type without parameters, lower case (`Text/Turtle; charset=utf-8` → `text/turtle`). */
export function essenceOf(contentType: string | undefined): string | undefined {
  if (contentType === undefined) return undefined;
  const essence = contentType.split(';', 1)[0]!.trim().toLowerCase();
  return essence === '' ? undefined : essence;
}

/** The syntax a Content-Type names, ignoring parameters; undefined for types that say nothing about RDF. */
export function syntaxFromMediaType(contentType: string | undefined): RdfSyntax | undefined {
  const essence = essenceOf(contentType);
  return essence === undefined ? undefined : MEDIA_TYPE_SYNTAX.get(essence);
}

/** The syntax a file name or URL path suggests (`catalog.ttl`, `https://x.no/data.rdf?page=2`). */
export function syntaxFromFileName(name: string | undefined): RdfSyntax | undefined {
  if (name === undefined) return undefined;
  let path = name;
  if (/^[a-z][a-z0-9+.-]*:\/\//i.test(name)) {
    try {
      path = new URL(name).pathname;
    } catch {
      return undefined;
    }
  }
  const cut = path.search(/[?#]/);
  if (cut >= 0) path = path.slice(0, cut);
  const base = path.slice(path.lastIndexOf('/') + 1);
  const dot = base.lastIndexOf('.');
  if (dot < 0) return undefined;
  return EXTENSION_SYNTAX.get(base.slice(dot + 1).toLowerCase());
}

// ---------------------------------------------------------------------------------------------
// Sniffing

const IRI_REF = String.raw`<[^\u0000-\u0020<>"{}|^\u0060\\]*>`;
const BNODE = String.raw`_:[A-Za-z0-9_\u00B7-\uFFFF][A-Za-z0-9_.\-\u00B7-\uFFFF]*`;
const LITERAL = String.raw`"(?:[^"\\\n\r]|\\.)*"(?:@[A-Za-z]+(?:-[A-Za-z0-9]+)*|\^\^${IRI_REF})?`;
const NT_LINE = new RegExp(
  String.raw`^(?:${IRI_REF}|${BNODE})[ \t]+${IRI_REF}[ \t]+(?:${IRI_REF}|${BNODE}|${LITERAL})[ \t]*((?:${IRI_REF}|${BNODE})[ \t]*)?\.[ \t]*(?:#.*)?$`,
  'u',
);
const TURTLE_DIRECTIVE = /^(?:@prefix|@base)\b|^(?:PREFIX|BASE)[ \t]+/i;
const TRIG_GRAPH_KEYWORD = /(?:^|[\s.}])GRAPH[ \t\r\n]+(?:<|_:|[A-Za-z][\w.-]*:|\[)/i;

/** Leading whitespace, a BOM and (for line syntaxes) comment lines are skipped before sniffing. */
function skipBomAndSpace(head: string): string {
  return head.replace(/^\uFEFF/, '').replace(/^\s+/, '');
}

function stripTurtleComments(text: string): string {
  // Remove whole-line comments only: '#' inside IRIs and strings must stay.
  return text.replace(/^[ \t]*#.*$/gm, '').replace(/^\s+/, '');
}

const MASKABLE = new RegExp(
  String.raw`"""[\s\S]*?"""|'''[\s\S]*?'''|${IRI_REF}|"(?:[^"\\\n\r]|\\.)*"|'(?:[^'\\\n\r]|\\.)*'`,
  'g',
);

/** Replaces IRIs by `<>` and strings by `""`, so braces and keywords inside them are not taken for syntax. */
function maskIrisAndStrings(text: string): string {
  return text.replace(MASKABLE, (m) => (m.startsWith('<') ? '<>' : '""'));
}

/** True when the text starts like an HTML page rather than RDF. */
export function looksLikeHtml(head: string): boolean {
  const t = skipBomAndSpace(head).replace(/^<!--[\s\S]*?-->\s*/g, '').slice(0, 200).toLowerCase();
  return t.startsWith('<!doctype html') || /^<html[\s>]/.test(t) || /^<head[\s>]/.test(t) || /^<body[\s>]/.test(t);
}

function looksLikeXml(text: string): boolean {
  if (text.startsWith('<?xml')) return true;
  if (text.startsWith('<!--')) {
    const end = text.indexOf('-->');
    return end >= 0 && looksLikeXml(skipBomAndSpace(text.slice(end + 3)));
  }
  if (/^<!DOCTYPE\s+rdf:RDF/i.test(text)) return true;
  // An element start tag: `<rdf:RDF`, `<rdf:Description …`; not an IRI such as <http://x/y>.
  return /^<[A-Za-z_][\w.-]*(?::[A-Za-z_][\w.-]*)?[\s/>]/.test(text);
}

function looksLikeJson(text: string): boolean {
  if (text.startsWith('{')) return /^\{\s*("|\}|$)/.test(text);
  if (!text.startsWith('[')) return false;
  // `[` also opens a Turtle blank node: `[ a dcat:Catalog ] .` JSON arrays hold objects, arrays or nothing.
  return /^\[\s*(\{|\[|"|\]\s*$|$)/.test(text);
}

/**
 * The syntax the first bytes look like, or undefined when unsure (then the caller falls back on the
 * media type or file name). Pass a few kilobytes; a partial last line is ignored.
 */
export function sniffSyntax(head: string): RdfSyntax | undefined {
  const text = skipBomAndSpace(head);
  if (text === '') return undefined;
  if (looksLikeHtml(text)) return undefined;
  if (looksLikeXml(text)) {
    // Any XML: RDF/XML if it mentions the RDF namespace or root element, else unknown (an error page?).
    return /<rdf:RDF[\s>]|http:\/\/www\.w3\.org\/1999\/02\/22-rdf-syntax-ns#/.test(text) ? 'rdf-xml' : undefined;
  }
  if (looksLikeJson(text)) return 'json-ld';

  const body = stripTurtleComments(text);
  if (body === '') return undefined;

  // N-Triples / N-Quads: every complete line is one statement of full terms.
  const lines = body.split(/\r?\n/);
  if (lines.length > 1 && !/\n$/.test(body)) lines.pop(); // a partial last line
  const statements = lines.map((l) => l.trim()).filter((l) => l !== '' && !l.startsWith('#'));
  if (statements.length > 0) {
    let allLines = true;
    let quads = false;
    for (const l of statements) {
      const m = NT_LINE.exec(l);
      if (m === null) {
        allLines = false;
        break;
      }
      if (m[1] !== undefined) quads = true;
    }
    if (allLines) return quads ? 'n-quads' : 'n-triples';
  }

  const masked = maskIrisAndStrings(body);
  // Outside IRIs and strings Turtle has no braces; TriG has them around graphs.
  const isTrig = TRIG_GRAPH_KEYWORD.test(masked) || masked.includes('{');
  if (TURTLE_DIRECTIVE.test(body)) return isTrig ? 'trig' : 'turtle';
  if (isTrig) return 'trig';
  // Turtle without directives: a statement starting with an IRI, a blank node or a prefixed name,
  // using Turtle punctuation (`;`, `,`, `a`, prefixed names) that N-Triples lacks.
  if (/^(?:<[^>\s]*>|_:\S+|\[|[A-Za-z][\w.-]*:[\w.-]*)\s/.test(body) && /[;,]|\s\.\s*$|\sa\s/.test(masked)) return 'turtle';
  return undefined;
}

// ---------------------------------------------------------------------------------------------
// Choosing

/** How the syntax was chosen. */
export type SyntaxSource = 'content-type' | 'sniffing' | 'file-name';

export type SyntaxChoice =
  | {
      readonly ok: true;
      readonly syntax: RdfSyntax;
      readonly by: SyntaxSource;
      /** One sentence for reports: "served as text/plain, read as Turtle by sniffing". */
      readonly description: string;
    }
  | {
      readonly ok: false;
      /** Why no syntax could be chosen, in plain words. */
      readonly reason: string;
    };

/** Which syntaxes each n3 parser mode also reads (N-Triples is Turtle, Turtle is TriG, …). */
const READS: Readonly<Record<RdfSyntax, readonly RdfSyntax[]>> = {
  turtle: ['turtle', 'n-triples'],
  trig: ['trig', 'turtle', 'n-triples'],
  'n-triples': ['n-triples'],
  'n-quads': ['n-quads', 'n-triples'],
  'rdf-xml': ['rdf-xml'],
  'json-ld': ['json-ld'],
};

function servedAs(contentType: string | undefined): string {
  const essence = essenceOf(contentType);
  return essence === undefined ? 'served without a content type' : `served as ${essence}`;
}

/**
 * Decides the syntax of a payload from its Content-Type, its first bytes (`head`, a few KB) and its URL
 * or file name. The content type wins unless the content clearly is something its parser cannot read
 * (an RDF/XML document served as text/turtle, JSON served as application/xml); with no usable content
 * type, sniffing decides, then the file name.
 */
export function chooseSyntax(input: { contentType?: string; url?: string; head?: string }): SyntaxChoice {
  const { contentType, url, head } = input;
  const declared = syntaxFromMediaType(contentType);
  const sniffed = head === undefined ? undefined : sniffSyntax(head);
  const fromName = syntaxFromFileName(url);
  const essence = essenceOf(contentType);

  if (declared !== undefined) {
    if (sniffed === undefined || READS[declared].includes(sniffed)) {
      return { ok: true, syntax: declared, by: 'content-type', description: `served as ${essence}, read as ${SYNTAX_NAMES[declared]}` };
    }
    const generic = essence !== undefined && GENERIC_MEDIA_TYPES.has(essence);
    return {
      ok: true,
      syntax: sniffed,
      by: 'sniffing',
      description: generic
        ? `served as ${essence}, read as ${SYNTAX_NAMES[sniffed]} by sniffing`
        : `served as ${essence} but the content is ${SYNTAX_NAMES[sniffed]}; read as ${SYNTAX_NAMES[sniffed]} by sniffing`,
    };
  }
  if (sniffed !== undefined) {
    return { ok: true, syntax: sniffed, by: 'sniffing', description: `${servedAs(contentType)}, read as ${SYNTAX_NAMES[sniffed]} by sniffing` };
  }
  if (head !== undefined && looksLikeHtml(head)) {
    return { ok: false, reason: `${servedAs(contentType)} and the content is an HTML page, not RDF` };
  }
  if (fromName !== undefined) {
    return {
      ok: true,
      syntax: fromName,
      by: 'file-name',
      description: `${servedAs(contentType)}, read as ${SYNTAX_NAMES[fromName]} because of the file name`,
    };
  }
  const sawHead = head === undefined ? '' : skipBomAndSpace(head) === '' ? ' and the content is empty' : ' and the content does not look like any RDF syntax';
  return {
    ok: false,
    reason: `${servedAs(contentType)}${sawHead}; no RDF syntax could be chosen (expected one of ${Object.values(MEDIA_TYPES).join(', ')})`,
  };
}
