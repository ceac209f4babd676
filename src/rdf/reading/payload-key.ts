import { hash } from 'node:crypto';
import type { Quad, Term } from '@rdfjs/types';
import type { SourceGraph } from '../../core/ports/harvester.js';
import { blankNodeColours } from '../isomorphism.js';
import { anyTermKey } from '../term-key.js';

/**
 * A key of a parsed payload that is the same for every serialisation of the same graph: in any order,
 * with any blank node labels, prefixes, comments or white space. Two payloads with the same key are the
 * same graph (barring a SHA-256 collision), so they make the same records.
 *
 * Blank nodes are named by their colour after colour refinement (src/rdf/isomorphism.ts: a hash of the
 * triples a node is in, with its blank neighbours' colours, refined until stable), which depends on the
 * graph only. When every blank node has a colour of its own, the naming is a bijection, and the key is
 * the SHA-256 of the sorted digests of each subject's named triples (sorted): equal keys mean isomorphic
 * graphs, and isomorphic graphs get equal keys. When two blank nodes look alike (the same description,
 * hanging from look-alike nodes), there is no key (undefined): such a payload is split as a changed one is.
 * Graph names are not part of it (a payload is read as one graph).
 */
export function payloadKey(graph: SourceGraph): string | undefined {
  // One digest per subject, of its triples: made at once for a subject without blank nodes, once the
  // blank nodes have their names for the others.
  const digests: string[] = [];
  const waiting: [Term, readonly Quad[]][] = [];
  const withBlanks: Quad[] = [];
  for (const subject of graph.subjects()) {
    const quads = graph.bySubject(subject);
    let blank = subject.termType === 'BlankNode';
    for (let i = 0; !blank && i < quads.length; i++) blank = quads[i]!.object.termType === 'BlankNode';
    if (!blank) {
      digests.push(subjectDigest(anyTermKey(subject), quads, undefined));
      continue;
    }
    waiting.push([subject, quads]);
    for (const q of quads) if (q.subject.termType === 'BlankNode' || q.object.termType === 'BlankNode') withBlanks.push(q);
  }
  const colours = blankNodeColours(withBlanks);
  const names = new Map<string, string>();
  const taken = new Set<string>();
  for (const [label, colour] of colours) {
    if (taken.has(colour)) return undefined;
    taken.add(colour);
    names.set(label, `_:${colour}`);
  }
  for (const [subject, quads] of waiting) digests.push(subjectDigest(subject.termType === 'BlankNode' ? names.get(subject.value)! : anyTermKey(subject), quads, names));
  // The digests in a fixed order: the same triples give the same digests.
  return hash('sha256', digests.sort().join('\n'), 'base64url');
}

/**
 * The digest of one subject's triples: its key, then each triple's predicate and object in sorted order,
 * every term as its length and its key (so the text reads back one way only). Built as one string per
 * subject, without a string per triple: this runs over every triple of the payload.
 */
function subjectDigest(name: string, quads: readonly Quad[], names: ReadonlyMap<string, string> | undefined): string {
  // A ground term by its key (src/rdf/term-key.ts: no two terms share one), a blank node by its name (`_:`, which starts no IRI).
  const objects = quads.map((q) => (q.object.termType === 'BlankNode' ? names!.get(q.object.value)! : anyTermKey(q.object)));
  const order = quads.map((_, i) => i).sort((a, b) => {
    const pa = quads[a]!.predicate.value;
    const pb = quads[b]!.predicate.value;
    if (pa !== pb) return pa < pb ? -1 : 1;
    const oa = objects[a]!;
    const ob = objects[b]!;
    return oa < ob ? -1 : oa > ob ? 1 : 0;
  });
  const parts: (string | number)[] = [name.length, ':', name];
  for (const i of order) {
    const p = quads[i]!.predicate.value;
    const o = objects[i]!;
    parts.push('\n', p.length, ':', p, o.length, ':', o);
  }
  return hash('sha256', parts.join(''), 'base64url');
}
