import type { Term } from '@rdfjs/types';

/** A key naming a node in a graph: IRIs as themselves, blank nodes as `_:label` (they never collide). */
export function termKey(term: Term): string {
  return term.termType === 'BlankNode' ? `_:${term.value}` : term.value;
}
