import type { Term } from '@rdfjs/types';
import { Literal as N3Literal } from 'n3';

const XSD_STRING = 'http://www.w3.org/2001/XMLSchema#string';

/** A key naming a node in a graph: IRIs as themselves, blank nodes as `_:label` (they never collide). */
export function termKey(term: Term): string {
  return term.termType === 'BlankNode' ? `_:${term.value}` : term.value;
}

/**
 * A key naming any term, literals included: IRIs as themselves, blank nodes as `_:label`, literals
 * with their language or datatype, so no two different terms share a key.
 */
export function anyTermKey(term: Term): string {
  switch (term.termType) {
    case 'NamedNode':
      return term.value;
    case 'BlankNode':
      return `_:${term.value}`;
    case 'Literal':
      return (term instanceof N3Literal ? n3LiteralKey(term.id) : undefined) ?? (term.language ? `"${term.value}"@${term.language}` : `"${term.value}"^^${term.datatype.value}`);
    case 'DefaultGraph':
      return '';
    default:
      return `?${term.value}`;
  }
}

/**
 * The key of an n3 literal read from its id (`"text"`, `"text"@lang` or `"text"^^datatype`), the same
 * text the general case builds: n3's literal keeps only its id and makes its value, language and
 * datatype anew (new strings, a new datatype node) at every read, which cost the validator more than
 * its look-ups. Undefined when the id is in any other form (a base direction, a language in capitals):
 * the general case then answers.
 */
function n3LiteralKey(id: string): string | undefined {
  const close = id.lastIndexOf('"');
  if (close <= 0) return undefined;
  if (close === id.length - 1) return `${id}^^${XSD_STRING}`;
  const mark = id.charCodeAt(close + 1);
  if (mark === 0x5e /* ^ */) return id.charCodeAt(close + 2) === 0x5e && id.length > close + 3 ? id : undefined;
  if (mark !== 0x40 /* @ */ || id.length <= close + 2) return undefined;
  for (let i = close + 2; i < id.length; i++) {
    const c = id.charCodeAt(i);
    if ((c >= 0x41 && c <= 0x5a) /* A-Z */ || (c === 0x2d && id.charCodeAt(i + 1) === 0x2d) /* -- */) return undefined;
  }
  return id;
}
