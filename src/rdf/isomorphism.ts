import { createHash } from 'node:crypto';
import type { Quad, Term } from '@rdfjs/types';
import { DataFactory } from 'n3';
import { SKOLEM_PATH } from './namespaces.js';
import { termToNTriples } from './ntriples.js';

/**
 * Graph comparison with blank nodes: isomorphism (is there a bijection of blank nodes that makes the
 * two quad sets equal?), a readable diff for test failures, and de-skolemisation so that graphs that
 * differ only in their skolem IRIs compare equal.
 *
 * Algorithm: colour refinement then backtracking. Every blank node gets a colour (a hash) from the
 * quads it occurs in, with ground terms written out and other blank nodes replaced by their current
 * colour; this repeats until the partition into colours stops getting finer. Isomorphic graphs give
 * the same colours, so differing colour counts prove non-isomorphism. When every colour is unique the
 * colours are the bijection, which is then checked quad by quad. When some are not (symmetries,
 * e.g. two identical blank-node cycles), one node of the smallest ambiguous class is paired in turn
 * with each candidate of the other graph, both get a fresh distinguishing colour, refinement runs
 * again, and the search recurses; the first pairing that ends in a verified bijection wins.
 */

type Colours = Map<string, string>;

interface Prepared {
  /** Keys of quads without blank nodes. */
  readonly ground: Set<string>;
  /** Quads with blank nodes, as [s, p, o, g] keys; a blank node's key is `_:` + its label. */
  readonly blankQuads: string[][];
  /** Each blank node's quads (indexes into blankQuads). */
  readonly occurrences: Map<string, number[]>;
}

function keyOf(term: Term): string {
  switch (term.termType) {
    case 'BlankNode':
      return `_:${term.value}`;
    case 'DefaultGraph':
      return '';
    case 'NamedNode':
    case 'Literal':
      return termToNTriples(term);
    default:
      throw new TypeError(`Cannot compare a ${term.termType} term.`);
  }
}

const isBlankKey = (key: string): boolean => key.startsWith('_:');

function prepare(quads: Iterable<Quad>): Prepared {
  const ground = new Set<string>();
  const seen = new Set<string>();
  const blankQuads: string[][] = [];
  const occurrences = new Map<string, number[]>();
  for (const q of quads) {
    const keys = [keyOf(q.subject), keyOf(q.predicate), keyOf(q.object), keyOf(q.graph)];
    const id = keys.join(' ');
    if (!keys.some(isBlankKey)) {
      ground.add(id);
      continue;
    }
    if (seen.has(id)) continue;
    seen.add(id);
    const index = blankQuads.length;
    blankQuads.push(keys);
    for (const k of new Set(keys.filter(isBlankKey))) {
      let list = occurrences.get(k);
      if (list === undefined) occurrences.set(k, (list = []));
      list.push(index);
    }
  }
  return { ground, blankQuads, occurrences };
}

function hash(text: string): string {
  return createHash('sha256').update(text).digest('base64url').slice(0, 22);
}

/** One refinement round: each blank node's colour from its colour and its quads' (coloured) terms. */
function refineOnce(graph: Prepared, colours: Colours): Colours {
  const next: Colours = new Map();
  for (const [node, indexes] of graph.occurrences) {
    const signature: string[] = [];
    for (const i of indexes) {
      const keys = graph.blankQuads[i]!;
      signature.push(keys.map((k) => (k === node ? '@' : isBlankKey(k) ? `_${colours.get(k)}` : k)).join(' '));
    }
    signature.sort();
    next.set(node, hash(`${colours.get(node)}\n${signature.join('\n')}`));
  }
  return next;
}

const classCount = (colours: Colours): number => new Set(colours.values()).size;

/** Refines both graphs in lockstep until neither partition gets finer, or for `maxRounds` rounds. */
function refine(a: Prepared, b: Prepared, ca: Colours, cb: Colours, maxRounds = Infinity): [Colours, Colours] {
  let countA = classCount(ca);
  let countB = classCount(cb);
  for (let round = 0; round < maxRounds; round++) {
    const na = refineOnce(a, ca);
    // One graph refined on its own (blankNodeColours, display labels): the same round once, not twice.
    const nb = a === b && ca === cb ? na : refineOnce(b, cb);
    const newA = classCount(na);
    const newB = classCount(nb);
    ca = na;
    cb = nb;
    // Stable, or every node in a class of its own (no partition is finer).
    if ((newA === countA && newB === countB) || (newA === na.size && newB === nb.size)) return [ca, cb];
    countA = newA;
    countB = newB;
  }
  return [ca, cb];
}

function histogram(colours: Colours): Map<string, string[]> {
  const byColour = new Map<string, string[]>();
  for (const [node, colour] of colours) {
    let list = byColour.get(colour);
    if (list === undefined) byColour.set(colour, (list = []));
    list.push(node);
  }
  return byColour;
}

function sameHistogram(ha: Map<string, string[]>, hb: Map<string, string[]>): boolean {
  if (ha.size !== hb.size) return false;
  for (const [colour, nodes] of ha) if (hb.get(colour)?.length !== nodes.length) return false;
  return true;
}

function verify(a: Prepared, b: Prepared, mapping: Map<string, string>): boolean {
  const target = new Set(b.blankQuads.map((keys) => keys.join(' ')));
  for (const keys of a.blankQuads) {
    if (!target.has(keys.map((k) => (isBlankKey(k) ? mapping.get(k)! : k)).join(' '))) return false;
  }
  return true;
}

function search(a: Prepared, b: Prepared, ca: Colours, cb: Colours, depth: number): boolean {
  const ha = histogram(ca);
  const hb = histogram(cb);
  if (!sameHistogram(ha, hb)) return false;
  let ambiguous: string | undefined;
  for (const [colour, nodes] of ha) {
    if (nodes.length < 2) continue;
    const current = ambiguous === undefined ? undefined : ha.get(ambiguous)!.length;
    if (current === undefined || nodes.length < current || (nodes.length === current && colour < ambiguous!)) ambiguous = colour;
  }
  if (ambiguous === undefined) {
    const mapping = new Map<string, string>();
    for (const [colour, [node]] of ha) mapping.set(node!, hb.get(colour)![0]!);
    return verify(a, b, mapping);
  }
  // Shortcut for interchangeable nodes (a catalog's identical blank children): pair every ambiguous
  // class member for member, refine once, and keep the result if it verifies. Only if it does not,
  // search pairing by pairing.
  const pa = new Map(ca);
  const pb = new Map(cb);
  for (const [colour, nodes] of ha) {
    if (nodes.length < 2) continue;
    const others = hb.get(colour)!;
    nodes.forEach((node, i) => {
      const mark = hash(`${colour}#${depth}#${i}`);
      pa.set(node, mark);
      pb.set(others[i]!, mark);
    });
  }
  const [qa, qb] = refine(a, b, pa, pb);
  const hqa = histogram(qa);
  if ([...hqa.values()].every((nodes) => nodes.length === 1) && sameHistogram(hqa, histogram(qb))) {
    const mapping = new Map<string, string>();
    const hqb = histogram(qb);
    for (const [colour, [node]] of hqa) mapping.set(node!, hqb.get(colour)![0]!);
    if (verify(a, b, mapping)) return true;
  }

  const x = [...ha.get(ambiguous)!].sort()[0]!;
  const marked = hash(`${ambiguous}#${depth}`);
  for (const y of hb.get(ambiguous)!) {
    const na = new Map(ca).set(x, marked);
    const nb = new Map(cb).set(y, marked);
    const [ra, rb] = refine(a, b, na, nb);
    if (search(a, b, ra, rb, depth + 1)) return true;
  }
  return false;
}

/** Two graphs (quads, graph names included; duplicates ignored) are equal up to blank-node labels. */
export function isIsomorphic(a: readonly Quad[], b: readonly Quad[]): boolean {
  const pa = prepare(a);
  const pb = prepare(b);
  if (pa.ground.size !== pb.ground.size || pa.blankQuads.length !== pb.blankQuads.length || pa.occurrences.size !== pb.occurrences.size) return false;
  for (const g of pa.ground) if (!pb.ground.has(g)) return false;
  if (pa.occurrences.size === 0) return true;
  const uniform = (p: Prepared): Colours => new Map([...p.occurrences.keys()].map((k) => [k, '']));
  const [ca, cb] = refine(pa, pb, uniform(pa), uniform(pb));
  return search(pa, pb, ca, cb, 0);
}

/**
 * How much colour refinement `blankNodeColours` does at most for a graph met in a request or a harvest:
 * rounds times the quads with blank nodes. Refinement needs as many rounds as blank nodes sit apart (a
 * chain or ring of a million blank nodes: a million rounds, each over every blank node), so without a
 * bound a hostile graph holds the thread for hours. A round costs about 3 µs per quad here: about a second.
 */
export const REFINEMENT_BUDGET = 300_000;

/**
 * A colour per blank-node label (after full refinement) that depends only on the graph's structure, not
 * on the labels: for ordering blank nodes the same way whatever a parser called them. Nodes that no
 * quad tells apart (symmetries) share a colour. With a `budget` (see REFINEMENT_BUDGET), refinement
 * stops after budget ÷ (quads with blank nodes) rounds: the colours still depend on the structure only,
 * but nodes that more rounds would have told apart may share one.
 */
export function blankNodeColours(quads: readonly Quad[], budget = Infinity): Map<string, string> {
  const p = prepare(quads);
  const uniform: Colours = new Map([...p.occurrences.keys()].map((k) => [k, '']));
  const maxRounds = Math.floor(budget / Math.max(1, p.blankQuads.length));
  const [colours] = refine(p, p, uniform, uniform, maxRounds);
  return new Map([...colours].map(([key, colour]) => [key.slice(2), colour]));
}

/**
 * Blank-node labels for display: `_:c` + a short hash of the node's own quads (one refinement round,
 * so a change shows up on the node and its direct neighbours, not across the whole graph), with a
 * suffix where nodes look alike.
 */
function displayLabels(p: Prepared): Map<string, string> {
  const uniform: Colours = new Map([...p.occurrences.keys()].map((k) => [k, '']));
  const local = refineOnce(p, uniform);
  const full = refine(p, p, uniform, uniform)[0];
  const labels = new Map<string, string>();
  for (const [colour, nodes] of histogram(local)) {
    const short = colour.replace(/[^A-Za-z0-9]/g, '').slice(0, 8);
    nodes.sort((x, y) => (full.get(x)! < full.get(y)! ? -1 : full.get(x)! > full.get(y)! ? 1 : x < y ? -1 : 1));
    nodes.forEach((node, i) => labels.set(node, nodes.length === 1 ? `_:c${short}` : `_:c${short}_${i + 1}`));
  }
  return labels;
}

function displayLines(quads: readonly Quad[]): Set<string> {
  const p = prepare(quads);
  const labels = displayLabels(p);
  // Keys joined by spaces are N-Quads lines without the final dot (the default graph's key is empty).
  const line = (joined: string) => `${joined.endsWith(' ') ? joined.slice(0, -1) : joined} .`;
  const lines = new Set<string>();
  for (const g of p.ground) lines.add(line(g));
  for (const keys of p.blankQuads) lines.add(line(keys.map((k) => (isBlankKey(k) ? labels.get(k)! : k)).join(' ')));
  return lines;
}

/**
 * What differs between two graphs, as N-Quads lines (N-Triples for the default graph) with blank
 * nodes labelled by their content, sorted: for test failure messages. Empty for isomorphic graphs.
 */
export function diffGraphs(a: readonly Quad[], b: readonly Quad[]): { onlyInA: string[]; onlyInB: string[] } {
  if (isIsomorphic(a, b)) return { onlyInA: [], onlyInB: [] };
  const la = displayLines(a);
  const lb = displayLines(b);
  return {
    onlyInA: [...la].filter((l) => !lb.has(l)).sort(),
    onlyInB: [...lb].filter((l) => !la.has(l)).sort(),
  };
}

/** An IRI minted for a blank node (`…/.well-known/skolem/…`, RDF 1.1 §3.5). */
export function isSkolemIri(iri: string): boolean {
  return iri.includes(SKOLEM_PATH);
}

/**
 * The quads with every skolem IRI (in subject, object or graph position) turned back into a blank
 * node, the same IRI always into the same node: graphs that differ only in skolem IRIs become
 * isomorphic.
 */
export function deskolemise(quads: Iterable<Quad>, isSkolem: (iri: string) => boolean = isSkolemIri): Quad[] {
  const nodes = new Map<string, ReturnType<typeof DataFactory.blankNode>>();
  const convert = <T extends Term>(term: T): T => {
    if (term.termType !== 'NamedNode' || !isSkolem(term.value)) return term;
    let node = nodes.get(term.value);
    if (node === undefined) nodes.set(term.value, (node = DataFactory.blankNode(`sk${nodes.size}`)));
    return node as unknown as T;
  };
  const out: Quad[] = [];
  for (const q of quads) {
    const s = convert(q.subject);
    const o = convert(q.object);
    const g = convert(q.graph);
    out.push(s === q.subject && o === q.object && g === q.graph ? q : DataFactory.quad(s, q.predicate, o, g));
  }
  return out;
}
