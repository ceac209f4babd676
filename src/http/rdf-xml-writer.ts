import type { Quad, Term } from '@rdfjs/types';
import { RDF, XSD } from '../rdf/namespaces.js';

/**
 * A small RDF/XML writer for the graphs the catalog serves: one `rdf:Description` per subject, every
 * statement a property element. Literals keep their exact lexical form (oxigraph's own writer would
 * normalise typed literals such as dateTimes). Predicates whose IRI cannot be split into a namespace
 * and an XML local name cannot be written in RDF/XML at all: that is an error naming the IRI.
 */
const NAME_START = 'A-Z_a-z\\u00C0-\\u00D6\\u00D8-\\u00F6\\u00F8-\\u02FF\\u0370-\\u037D\\u037F-\\u1FFF\\u200C-\\u200D\\u2070-\\u218F\\u2C00-\\u2FEF\\u3001-\\uD7FF\\uF900-\\uFDCF\\uFDF0-\\uFFFD';
const NAME_CHAR = `${NAME_START}\\-.0-9\\u00B7\\u0300-\\u036F\\u203F-\\u2040`;
// XML NameChar includes the combining marks U+0300–U+036F on purpose.
// eslint-disable-next-line no-misleading-character-class
const LOCAL_NAME = new RegExp(`[${NAME_START}][${NAME_CHAR}]*$`, 'u');
// eslint-disable-next-line no-misleading-character-class
const WHOLE_NAME = new RegExp(`^[${NAME_START}][${NAME_CHAR}]*$`, 'u');
/** Characters XML 1.0 cannot carry at all: C0 controls other than tab, LF and CR, and U+FFFE/U+FFFF. */
function hasNonXmlCharacter(value: string): boolean {
  for (let i = 0; i < value.length; i++) {
    const c = value.charCodeAt(i);
    if ((c < 0x20 && c !== 0x09 && c !== 0x0a && c !== 0x0d) || c === 0xfffe || c === 0xffff) return true;
  }
  return false;
}

function escapeText(value: string): string {
  if (hasNonXmlCharacter(value)) throw new Error('A literal contains a control character that XML 1.0 cannot represent.');
  return value.replace(/[&<>\r]/g, (c) => (c === '&' ? '&amp;' : c === '<' ? '&lt;' : c === '>' ? '&gt;' : '&#xD;'));
}

function escapeAttribute(value: string): string {
  return escapeText(value).replace(/["\n\t]/g, (c) => (c === '"' ? '&quot;' : c === '\n' ? '&#xA;' : '&#x9;'));
}

function nodeAttribute(name: 'about' | 'resource', term: Term): string {
  if (term.termType === 'NamedNode') return `rdf:${name}="${escapeAttribute(term.value)}"`;
  if (term.termType === 'BlankNode') return `rdf:nodeID="${escapeAttribute(term.value.replace(/[^A-Za-z0-9_]/g, '_').replace(/^(?=[^A-Za-z_])/, 'b'))}"`;
  throw new Error(`A ${term.termType} cannot be a ${name === 'about' ? 'subject' : 'node'} in RDF/XML.`);
}

export function writeRdfXml(quads: readonly Quad[], prefixes: Readonly<Record<string, string>>): string {
  const namespaces = new Map<string, string>([[RDF.$base, 'rdf']]);
  const known = Object.entries(prefixes).sort((a, b) => b[1].length - a[1].length);
  const qnames = new Map<string, string>();

  const qnameOf = (iri: string): string => {
    let qname = qnames.get(iri);
    if (qname !== undefined) return qname;
    const m = LOCAL_NAME.exec(iri);
    // Prefer a declared prefix whose namespace leaves a valid local name.
    const declared = known.find(([, base]) => iri.startsWith(base) && WHOLE_NAME.test(iri.slice(base.length)));
    let ns: string;
    let local: string;
    if (declared !== undefined) {
      ns = declared[1];
      local = iri.slice(ns.length);
      if (!namespaces.has(ns)) namespaces.set(ns, declared[0]);
    } else if (m !== null && m.index > 0) {
      ns = iri.slice(0, m.index);
      local = m[0];
      if (!namespaces.has(ns)) namespaces.set(ns, `ns${namespaces.size}`);
    } else {
      throw new Error(`The property <${iri}> cannot be written in RDF/XML: its IRI does not end in an XML name.`);
    }
    qname = `${namespaces.get(ns)}:${local}`;
    qnames.set(iri, qname);
    return qname;
  };

  const bySubject = new Map<string, { subject: Term; lines: string[] }>();
  for (const q of quads) {
    const key = `${q.subject.termType}:${q.subject.value}`;
    let entry = bySubject.get(key);
    if (entry === undefined) {
      entry = { subject: q.subject, lines: [] };
      bySubject.set(key, entry);
    }
    const p = qnameOf(q.predicate.value);
    const o = q.object;
    if (o.termType === 'Literal') {
      const dt = o.datatype?.value;
      const attr = o.language ? ` xml:lang="${escapeAttribute(o.language)}"` : dt !== undefined && dt !== XSD.string && dt !== RDF.langString ? ` rdf:datatype="${escapeAttribute(dt)}"` : '';
      entry.lines.push(`    <${p}${attr}>${escapeText(o.value)}</${p}>`);
    } else {
      entry.lines.push(`    <${p} ${nodeAttribute('resource', o)}/>`);
    }
  }

  const body: string[] = [];
  for (const { subject, lines } of bySubject.values()) {
    body.push(`  <rdf:Description ${nodeAttribute('about', subject)}>`, ...lines, '  </rdf:Description>');
  }
  const xmlns = [...namespaces].map(([ns, prefix]) => `xmlns:${prefix}="${escapeAttribute(ns)}"`).join('\n    ');
  return `<?xml version="1.0" encoding="utf-8"?>\n<rdf:RDF\n    ${xmlns}>\n${body.join('\n')}${body.length > 0 ? '\n' : ''}</rdf:RDF>\n`;
}
