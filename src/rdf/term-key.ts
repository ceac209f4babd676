import type { Term } from '@rdfjs/types';

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
      return term.language ? `"${term.value}"@${term.language}` : `"${term.value}"^^${term.datatype.value}`;
    case 'DefaultGraph':
      return '';
    default:
      return `?${term.value}`;
  }
}
