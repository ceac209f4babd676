import type { Quad } from '@rdfjs/types';
import { Parser, Writer } from 'n3';
import { shuffled } from '../../support/shuffled.js';

/**
 * The same graph as another Turtle document, as a server that writes its catalog anew for every request
 * may send it: its subjects in another order (each subject's triples together, in reverse), its blank
 * nodes with other labels, the same prefixes.
 */
export function rewrittenTurtle(text: string, seed: number): Promise<string> {
  const parser = new Parser({ blankNodePrefix: `r${seed}_` });
  const bySubject = new Map<string, Quad[]>();
  let prefixes: Record<string, string> = {};
  for (const q of parser.parse(text, null, (prefix, iri) => (prefixes = { ...prefixes, [prefix]: iri.value }))) {
    const list = bySubject.get(q.subject.value);
    if (list === undefined) bySubject.set(q.subject.value, [q]);
    else list.push(q);
  }
  const writer = new Writer({ prefixes });
  for (const subject of shuffled([...bySubject.keys()], seed)) writer.addQuads(bySubject.get(subject)!.reverse());
  return new Promise((resolve, reject) => writer.end((error, out: string) => (error ? reject(error) : resolve(out))));
}
