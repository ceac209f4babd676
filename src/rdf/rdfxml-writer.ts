import type { Quad, Term } from '@rdfjs/types';
import { RDF, XSD } from './namespaces.js';
import { termKey } from './term-key.js';

/**
 * A small RDF/XML writer: one `rdf:Description` per subject (rdf:about or rdf:nodeID), one property
 * element per triple, literals with xml:lang or rdf:datatype, IRIs as rdf:resource, blank nodes as
 * rdf:nodeID. Graph names are dropped (RDF/XML has none); duplicate triples are written once.
 *
 * Property elements need a QName: a predicate is split into a namespace and an XML local name, using
 * the given prefixes when one fits and a generated `ns1`, `ns2` … otherwise. A predicate that cannot
 * end in an XML name (`http://example.org/123`, `…/terms/`) cannot be written in RDF/XML at all, nor
 * can rdf:li or the RDF/XML syntax terms as predicates, nor characters XML 1.0 cannot carry (U+0000 to
 * U+001F except tab and line breaks, U+FFFE, U+FFFF, lone surrogates): those are errors naming the
 * term, never silently changed output.
 */

export class RdfXmlWriteError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'RdfXmlWriteError';
  }
}

// XML 1.0 (5th ed.) NameStartChar and NameChar, without ':' (Namespaces in XML: NCName).
const NAME_START_RANGES: readonly [number, number][] = [
  [0x41, 0x5a], [0x5f, 0x5f], [0x61, 0x7a], [0xc0, 0xd6], [0xd8, 0xf6], [0xf8, 0x2ff], [0x370, 0x37d], [0x37f, 0x1fff],
  [0x200c, 0x200d], [0x2070, 0x218f], [0x2c00, 0x2fef], [0x3001, 0xd7ff], [0xf900, 0xfdcf], [0xfdf0, 0xfffd], [0x10000, 0xeffff],
];
const NAME_EXTRA_RANGES: readonly [number, number][] = [[0x2d, 0x2e], [0x30, 0x39], [0xb7, 0xb7], [0x300, 0x36f], [0x203f, 0x2040]];

const inRanges = (cp: number, ranges: readonly [number, number][]): boolean => ranges.some(([lo, hi]) => cp >= lo && cp <= hi);
const isNameStart = (cp: number): boolean => inRanges(cp, NAME_START_RANGES);
const isNameChar = (cp: number): boolean => isNameStart(cp) || inRanges(cp, NAME_EXTRA_RANGES);

/** An XML name without colon (NCName). */
export function isNcName(text: string): boolean {
  const cps = Array.from(text, (c) => c.codePointAt(0)!);
  return cps.length > 0 && isNameStart(cps[0]!) && cps.every(isNameChar);
}

/** The first character XML 1.0 cannot carry, not even as a character reference, or undefined. */
function firstNonXmlChar(text: string): number | undefined {
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (c < 0x20 && c !== 0x09 && c !== 0x0a && c !== 0x0d) return c;
    if (c === 0xfffe || c === 0xffff) return c;
    if (c >= 0xd800 && c <= 0xdbff) {
      const next = text.charCodeAt(i + 1);
      if (!(next >= 0xdc00 && next <= 0xdfff)) return c;
      i++;
    } else if (c >= 0xdc00 && c <= 0xdfff) {
      return c;
    }
  }
  return undefined;
}

/** RDF/XML syntax terms that may not be property elements (RDF 1.1 XML Syntax §5.1, §7.2.11), and rdf:li, which a parser renumbers. */
const FORBIDDEN_PREDICATES = new Set(
  ['RDF', 'ID', 'about', 'parseType', 'resource', 'nodeID', 'datatype', 'Description', 'aboutEach', 'aboutEachPrefix', 'bagID', 'li'].map((t) => RDF.$base + t),
);

/** Splits an IRI into namespace and XML local name (the longest NCName suffix), or undefined. */
export function splitForQName(iri: string): { namespace: string; local: string } | undefined {
  const chars = Array.from(iri);
  const cp = (i: number) => chars[i]!.codePointAt(0)!;
  let start = chars.length;
  while (start > 0 && isNameChar(cp(start - 1))) start--;
  while (start < chars.length && !isNameStart(cp(start))) start++;
  if (start >= chars.length) return undefined;
  return { namespace: chars.slice(0, start).join(''), local: chars.slice(start).join('') };
}

function checkXmlText(text: string, what: string): void {
  const bad = firstNonXmlChar(text);
  if (bad !== undefined) {
    const code = bad.toString(16).toUpperCase().padStart(4, '0');
    throw new RdfXmlWriteError(`RDF/XML cannot carry ${what}: it contains the character U+${code}, which XML 1.0 does not allow`);
  }
}

function escapeText(text: string): string {
  return text.replace(/[&<>\r]/g, (c) => (c === '&' ? '&amp;' : c === '<' ? '&lt;' : c === '>' ? '&gt;' : '&#13;'));
}

function escapeAttribute(text: string): string {
  return text.replace(/[&<>"\t\n\r]/g, (c) => {
    switch (c) {
      case '&':
        return '&amp;';
      case '<':
        return '&lt;';
      case '>':
        return '&gt;';
      case '"':
        return '&quot;';
      case '\t':
        return '&#9;';
      case '\n':
        return '&#10;';
      default:
        return '&#13;';
    }
  });
}

function compare(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}

/**
 * The quads (graph names dropped) as an RDF/XML document. `prefixes` maps prefix → namespace IRI; only
 * the ones used are declared. Subjects and properties come out sorted, so equal graphs give equal text.
 */
export function writeRdfXml(quads: Iterable<Quad>, prefixes: Readonly<Record<string, string>> = {}): string {
  // Distinct triples, grouped by subject.
  const seen = new Set<string>();
  const bySubject = new Map<string, { subject: Term; triples: { predicate: string; object: Term; key: string }[] }>();
  const blankLabels = new Map<string, string>();
  const blankLabel = (term: Term): string => {
    let label = blankLabels.get(term.value);
    if (label === undefined) blankLabels.set(term.value, (label = `b${blankLabels.size}`));
    return label;
  };

  for (const q of quads) {
    if (q.subject.termType !== 'NamedNode' && q.subject.termType !== 'BlankNode') {
      throw new RdfXmlWriteError(`RDF/XML cannot write a ${q.subject.termType} as a subject`);
    }
    if (q.predicate.termType !== 'NamedNode') throw new RdfXmlWriteError('RDF/XML cannot write a predicate that is not an IRI');
    if (q.object.termType !== 'NamedNode' && q.object.termType !== 'BlankNode' && q.object.termType !== 'Literal') {
      throw new RdfXmlWriteError(`RDF/XML cannot write a ${q.object.termType} as an object`);
    }
    const objectKey =
      q.object.termType === 'Literal' ? `"${q.object.value}"@${q.object.language}^^${q.object.datatype.value}` : termKey(q.object);
    const key = `${termKey(q.subject)} ${q.predicate.value} ${objectKey}`;
    if (seen.has(key)) continue;
    seen.add(key);
    const subjectKey = termKey(q.subject);
    let group = bySubject.get(subjectKey);
    if (group === undefined) bySubject.set(subjectKey, (group = { subject: q.subject, triples: [] }));
    group.triples.push({ predicate: q.predicate.value, object: q.object, key: `${q.predicate.value} ${objectKey}` });
  }

  // QNames for predicates: known prefixes first (longest namespace wins), generated ones after.
  const namespaces = new Map<string, string>([[RDF.$base, 'rdf']]); // namespace → prefix
  const known = Object.entries(prefixes)
    .filter(([prefix, ns]) => isNcName(prefix) && !/^xml/i.test(prefix) && prefix !== 'rdf' && ns !== RDF.$base)
    .sort((a, b) => b[1].length - a[1].length);
  const usedPrefixes = new Set<string>(['rdf']);
  const qnames = new Map<string, string>();
  let generated = 0;
  const qnameOf = (predicate: string): string => {
    const cached = qnames.get(predicate);
    if (cached !== undefined) return cached;
    if (FORBIDDEN_PREDICATES.has(predicate)) {
      throw new RdfXmlWriteError(`RDF/XML cannot write the predicate <${predicate}>: it is RDF/XML syntax, not a property`);
    }
    checkXmlText(predicate, `the predicate <${predicate}>`);
    let qname: string | undefined;
    if (predicate.startsWith(RDF.$base) && isNcName(predicate.slice(RDF.$base.length))) qname = `rdf:${predicate.slice(RDF.$base.length)}`;
    for (const [prefix, ns] of known) {
      if (qname !== undefined) break;
      if (predicate.startsWith(ns) && isNcName(predicate.slice(ns.length))) {
        qname = `${prefix}:${predicate.slice(ns.length)}`;
        namespaces.set(ns, prefix);
        usedPrefixes.add(prefix);
      }
    }
    if (qname === undefined) {
      const split = splitForQName(predicate);
      if (split === undefined) {
        throw new RdfXmlWriteError(
          `RDF/XML cannot write the predicate <${predicate}>: its IRI does not end in an XML name (letters, digits, '_', '-', '.', not starting with a digit), so no property element can name it; use Turtle, N-Triples or JSON-LD`,
        );
      }
      let prefix = namespaces.get(split.namespace);
      if (prefix === undefined) {
        do prefix = `ns${++generated}`;
        while (Object.hasOwn(prefixes, prefix));
        namespaces.set(split.namespace, prefix);
      }
      usedPrefixes.add(prefix);
      qname = `${prefix}:${split.local}`;
    }
    qnames.set(predicate, qname);
    return qname;
  };

  const subjects = [...bySubject.entries()].sort((a, b) => compare(a[0], b[0]));
  const body: string[] = [];
  for (const [, { subject, triples }] of subjects) {
    triples.sort((a, b) => (a.predicate === RDF.type) !== (b.predicate === RDF.type) ? (a.predicate === RDF.type ? -1 : 1) : compare(a.key, b.key));
    if (subject.termType === 'NamedNode') {
      checkXmlText(subject.value, `the IRI <${subject.value}>`);
      body.push(`  <rdf:Description rdf:about="${escapeAttribute(subject.value)}">`);
    } else {
      body.push(`  <rdf:Description rdf:nodeID="${blankLabel(subject)}">`);
    }
    for (const { predicate, object } of triples) {
      const qname = qnameOf(predicate);
      if (object.termType === 'NamedNode') {
        checkXmlText(object.value, `the IRI <${object.value}>`);
        body.push(`    <${qname} rdf:resource="${escapeAttribute(object.value)}"/>`);
      } else if (object.termType === 'BlankNode') {
        body.push(`    <${qname} rdf:nodeID="${blankLabel(object)}"/>`);
      } else if (object.termType === 'Literal') {
        checkXmlText(object.value, `the literal ${JSON.stringify(object.value.slice(0, 60))}`);
        let attributes = '';
        if (object.language) attributes = ` xml:lang="${escapeAttribute(object.language)}"`;
        else if (object.datatype.value !== XSD.string) attributes = ` rdf:datatype="${escapeAttribute(object.datatype.value)}"`;
        body.push(`    <${qname}${attributes}>${escapeText(object.value)}</${qname}>`);
      }
    }
    body.push('  </rdf:Description>');
  }

  const declarations = [...namespaces.entries()]
    .filter(([, prefix]) => usedPrefixes.has(prefix))
    .sort((a, b) => compare(a[1], b[1]))
    .map(([ns, prefix]) => `\n    xmlns:${prefix}="${escapeAttribute(ns)}"`)
    .join('');
  return `<?xml version="1.0" encoding="utf-8"?>\n<rdf:RDF${declarations}>\n${body.join('\n')}${body.length ? '\n' : ''}</rdf:RDF>\n`;
}
