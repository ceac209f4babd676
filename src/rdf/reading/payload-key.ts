import { hash } from 'node:crypto';
import type { Quad, Term } from '@rdfjs/types';
import type { SourceGraph } from '../../core/ports/harvester.js';
import { blankNodeColours, REFINEMENT_BUDGET } from '../isomorphism.js';
import { anyTermKey } from '../term-key.js';

/**
 * A key of a parsed payload that is the same for every serialisation of the same graph: in any order,
 * with any blank node labels, prefixes, comments or white space. Two payloads with the same key are the
 * same graph (barring a SHA-256 collision), so they make the same records. Undefined when no key could
 * be made (below): such a payload is split as a changed one is. Graph names are not part of it (a
 * payload is read as one graph).
 *
 * The key is the SHA-256 of the sorted digests of each subject's triples, every blank node written as a
 * name that depends on the graph only, never on its label. Two ways to name them:
 * - **Blank nodes in trees** (each the object of at most one triple, none in a cycle: `[ … ]` in Turtle,
 *   how catalogs write contact points, periods and checksums): a blank node is its own description, the
 *   digest of its triples with its children's digests in their place, made children first in one pass.
 *   A subject's digest holds its blank children's, so the sorted digests of the IRI subjects and of the
 *   free blank roots write out the whole graph: equal keys mean isomorphic graphs, look-alike blank nodes
 *   included (two equal `[ … ]` under one subject are two equal digests in it).
 * - **Otherwise** (a blank node that two triples point to, or a cycle): each blank node is named by its
 *   colour after colour refinement (src/rdf/isomorphism.ts: a hash of the triples a node is in, with its
 *   blank neighbours' colours, refined round after round), which depends on the graph only. When every
 *   blank node has a colour of its own the naming is a bijection, and equal keys mean isomorphic graphs.
 *   When two look alike, or only more refinement than `REFINEMENT_BUDGET` allows would tell them apart, there is no key.
 */
export function payloadKey(graph: SourceGraph): string | undefined {
  // One digest per subject, of its triples: made at once for a subject without blank nodes.
  const digests: string[] = [];
  const waiting: [Term, readonly Quad[]][] = [];
  const blankSubjects = new Map<string, readonly Quad[]>();
  // How many triples point to each blank node (a tree's nodes have one parent at most).
  const parents = new Map<string, number>();
  let tree = true;
  for (const subject of graph.subjects()) {
    const quads = graph.bySubject(subject);
    let blank = subject.termType === 'BlankNode';
    for (let i = 0; i < quads.length; i++) {
      const object = quads[i]!.object;
      if (object.termType !== 'BlankNode') continue;
      blank = true;
      const count = (parents.get(object.value) ?? 0) + 1;
      parents.set(object.value, count);
      if (count > 1) tree = false;
    }
    if (!blank) digests.push(subjectDigest(anyTermKey(subject), quads, undefined));
    else if (subject.termType === 'BlankNode') blankSubjects.set(subject.value, quads);
    else waiting.push([subject, quads]);
  }
  const tail = tree ? treeDigests(waiting, blankSubjects, parents) : undefined;
  const rest = tail ?? refinedDigests(waiting, blankSubjects);
  if (rest === undefined) return undefined;
  // The digests in a fixed order: the same triples give the same digests. Which naming made them is part of the key.
  return hash('sha256', `${tail !== undefined ? 'tree' : 'refined'}\n${digests.concat(rest).sort().join('\n')}`, 'base64url');
}

/**
 * The digests of the subjects with blank nodes when the blank nodes form trees: each blank node's
 * description (its digest, children first) in its place. Undefined when some blank nodes form a cycle
 * (no children-first order; they are never reached from a root).
 */
function treeDigests(waiting: readonly [Term, readonly Quad[]][], blankSubjects: ReadonlyMap<string, readonly Quad[]>, parents: ReadonlyMap<string, number>): string[] | undefined {
  const names = new Map<string, string>();
  const describe = (root: string): void => {
    // Children first, without recursion (a chain of blank nodes may be as long as the payload).
    const stack: [string, boolean][] = [[root, false]];
    while (stack.length > 0) {
      const [label, expanded] = stack.pop()!;
      const quads = blankSubjects.get(label) ?? [];
      if (!expanded) {
        stack.push([label, true]);
        for (const q of quads) if (q.object.termType === 'BlankNode') stack.push([q.object.value, false]);
        continue;
      }
      names.set(label, `_:${subjectDigest('_:', quads, names)}`);
    }
  };
  const out: string[] = [];
  for (const [subject, quads] of waiting) {
    for (const q of quads) if (q.object.termType === 'BlankNode') describe(q.object.value);
    out.push(subjectDigest(anyTermKey(subject), quads, names));
  }
  for (const [label, quads] of blankSubjects) {
    if (parents.has(label)) continue;
    describe(label);
    out.push(subjectDigest('_:', quads, names));
  }
  // A blank subject no root reached sits in a cycle.
  for (const label of blankSubjects.keys()) if (!names.has(label)) return undefined;
  return out;
}

/** The digests of the subjects with blank nodes, every blank node named by its colour; undefined when two share one. */
function refinedDigests(waiting: readonly [Term, readonly Quad[]][], blankSubjects: ReadonlyMap<string, readonly Quad[]>): string[] | undefined {
  const withBlanks: Quad[] = [];
  const all = [...waiting, ...[...blankSubjects.values()].map((quads): [Term, readonly Quad[]] => [quads[0]!.subject, quads])];
  for (const [, quads] of all) for (const q of quads) if (q.subject.termType === 'BlankNode' || q.object.termType === 'BlankNode') withBlanks.push(q);
  const colours = blankNodeColours(withBlanks, REFINEMENT_BUDGET);
  const names = new Map<string, string>();
  const taken = new Set<string>();
  for (const [label, colour] of colours) {
    if (taken.has(colour)) return undefined;
    taken.add(colour);
    names.set(label, `_:${colour}`);
  }
  return all.map(([subject, quads]) => subjectDigest(subject.termType === 'BlankNode' ? names.get(subject.value)! : anyTermKey(subject), quads, names));
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
