import type { NamedNode, Quad, Quad_Object, Quad_Subject, Term } from '@rdfjs/types';
import { DataFactory } from 'n3';
import { SKOLEM_PATH } from './namespaces.js';
import { termToNTriples } from './ntriples.js';
import { uuidV3 } from './uuid-v3.js';

const { namedNode, quad: makeQuad, defaultGraph } = DataFactory;

/**
 * Content-based skolemisation of the blank nodes of one record graph, in data.norge.no's IRI pattern
 * `{resource IRI}/.well-known/skolem/{uuid}`.
 *
 * The uuid of a blank node is a name-based UUID v3 of a canonical text of what the node says: its
 * outgoing triples as sorted `<predicate> object` lines, where an object that is itself a blank node is
 * written as that node's own uuid (computed first, children before parents). So:
 * - the result does not depend on parser labels or triple order;
 * - identical blank-node subtrees in one record get the same IRI and collapse into one node (as FDK:
 *   three copies of `[ a eli:LegalResource ; … ]` become one resource);
 * - incoming links do not count: the same contact point under two parents is one node.
 *
 * Blank nodes that form cycles (`_:a :p _:b . _:b :p _:a`) have no "children first" order. They are
 * handled per strongly connected component by colour refinement. Every node of a cycle starts with a
 * colour that says where it sits in the whole record graph (refinement over incoming and outgoing
 * triples, IRIs and literals as fixed labels: the node of a ring that the dataset links to differs
 * from the others), then repeatedly takes the colour of its own lines with the current colours of its
 * in-cycle neighbours until the partition into colours stops changing. Nodes still sharing a colour are
 * told apart by individualising the first of the smallest colour class and refining again, so a 2-cycle
 * stays a 2-cycle (it never collapses into a self-loop). Ties that survive refinement are, in practice,
 * symmetric nodes (an automorphism maps one onto the other), and then which one is picked does not
 * change the resulting graph; only for exotic graphs whose nodes refinement cannot tell apart although
 * they are not symmetric may the result depend on input order. Because the starting colour includes
 * the context, identical cycles merge only when they also hang in identical places. Components above
 * {@link MAX_REFINED_CYCLE} nodes are numbered in input order instead (documented fallback, never hit by
 * DCAT payloads in practice).
 *
 * Refinement needs as many rounds as blank nodes sit apart, each round over every node, so it is bounded
 * by a budget of node signatures per graph ({@link refinementBudget}): a ring of 2 000 blank nodes took
 * 6.5 s, a 2-cycle beside a chain of 4 000 took 32 s, and a hostile source could hold the thread for
 * hours. Context colours stop refining when the budget would run out (they still depend on the structure
 * only, but places further apart than the rounds done look alike), and a cycle met once the budget is
 * spent is numbered in input order, as a large one is.
 */

/** The largest cyclic blank-node component that gets full colour refinement. */
export const MAX_REFINED_CYCLE = 2_000;

/**
 * Lines one graph's refinement may write (a node's signature is a line per triple it is in): four rounds
 * over the whole graph's blank-node triples, and at least 20 000 (about 60 ms). Counting nodes only let a
 * node with 100 000 incoming triples in a ring of 140 be signed 70 times over (7.6 s).
 */
export function refinementBudget(blankNodeTriples: number): number {
  return 4 * blankNodeTriples + 20_000;
}

/** What is left of a graph's refinement budget, spent a round at a time. */
interface Budget {
  left: number;
}

/** Takes `cost` from the budget if it is there. */
function spend(budget: Budget, cost: number): boolean {
  if (budget.left < cost) return false;
  budget.left -= cost;
  return true;
}

/** `{resource IRI}/.well-known/skolem/{uuid}`. */
export function skolemIri(resourceIri: string, uuid: string): string {
  return `${resourceIri}${SKOLEM_PATH}${uuid}`;
}

/** Whether an IRI is a skolem IRI (of any resource). */
export function isSkolemIri(iri: string): boolean {
  return iri.includes(SKOLEM_PATH);
}

interface Edge {
  /** `<predicate>` in N-Triples. */
  readonly predicate: string;
  /** The object in N-Triples when it is not a blank node. */
  readonly object: string;
  /** Index of the blank-node object, or -1. */
  readonly child: number;
}

/**
 * The content-based uuid of every blank node in a graph (by blank node label): subjects and objects.
 * Two blank nodes with the same uuid say the same thing.
 */
export function blankNodeIds(quads: Iterable<Quad>): Map<string, string> {
  const index = new Map<string, number>();
  const labels: string[] = [];
  const edges: Edge[][] = [];
  const nodeOf = (label: string): number => {
    let i = index.get(label);
    if (i === undefined) {
      i = labels.length;
      index.set(label, i);
      labels.push(label);
      edges.push([]);
    }
    return i;
  };
  const ntCache = new Map<string, string>();
  const predicateNt = (p: Term): string => {
    let s = ntCache.get(p.value);
    if (s === undefined) {
      s = termToNTriples(p);
      ntCache.set(p.value, s);
    }
    return s;
  };
  /** Links into blank nodes from IRI subjects, as `<s> <p>` lines, per node (for cycles only). */
  const groundIncoming: string[][] = [];
  for (const q of quads) {
    const objectIsBlank = q.object.termType === 'BlankNode';
    const child = objectIsBlank ? nodeOf(q.object.value) : -1;
    if (q.subject.termType !== 'BlankNode') {
      if (objectIsBlank) (groundIncoming[child] ??= []).push(`${termToNTriples(q.subject)} ${predicateNt(q.predicate)}`);
      continue;
    }
    const s = nodeOf(q.subject.value);
    edges[s]!.push({ predicate: predicateNt(q.predicate), object: objectIsBlank ? '' : termToNTriples(q.object), child });
  }
  const ids: string[] = new Array<string>(labels.length);
  let blankNodeTriples = labels.length;
  for (let i = 0; i < labels.length; i++) blankNodeTriples += edges[i]!.length + (groundIncoming[i]?.length ?? 0);
  const budget: Budget = { left: refinementBudget(blankNodeTriples) };
  let context: string[] | undefined;
  for (const component of stronglyConnectedComponents(edges)) {
    if (component.length === 1 && !edges[component[0]!]!.some((e) => e.child === component[0])) {
      const n = component[0]!;
      ids[n] = uuidV3(linesOf(edges[n]!, (c) => `_:${ids[c]!}`));
    } else {
      context ??= contextColours(edges, groundIncoming, budget);
      identifyCycle(component, edges, ids, context, budget);
    }
  }
  const out = new Map<string, string>();
  for (let i = 0; i < labels.length; i++) out.set(labels[i]!, ids[i]!);
  return out;
}

/** The canonical text of a node: its `<p> o` lines, sorted; blank objects written by `blank`. */
function linesOf(edges: readonly Edge[], blank: (child: number) => string): string {
  const lines = edges.map((e) => `${e.predicate} ${e.child >= 0 ? blank(e.child) : e.object}`);
  lines.sort();
  return lines.join('\n');
}

/** Gives the nodes of one cyclic component their ids (see the module comment). */
/**
 * Colour refinement of all blank nodes over incoming and outgoing triples (IRIs and literals fixed),
 * until the partition is stable: where each node sits in the whole graph, independent of labels.
 */
function contextColours(edges: readonly Edge[][], groundIncoming: readonly (string[] | undefined)[], budget: Budget): string[] {
  const n = edges.length;
  const incoming: Array<Array<{ predicate: string; parent: number }>> = Array.from({ length: n }, () => []);
  edges.forEach((out, parent) => {
    for (const e of out) if (e.child >= 0) incoming[e.child]!.push({ predicate: e.predicate, parent });
  });
  let colour = new Array<string>(n).fill('');
  let classes = 1;
  let lines = n;
  for (let i = 0; i < n; i++) lines += edges[i]!.length + (groundIncoming[i]?.length ?? 0) + incoming[i]!.length;
  while (spend(budget, lines)) {
    const next = colour.map((c, i) => {
      const lines = edges[i]!.map((e) => `> ${e.predicate} ${e.child >= 0 ? `_:${colour[e.child]!}` : e.object}`);
      for (const g of groundIncoming[i] ?? []) lines.push(`< ${g}`);
      for (const e of incoming[i]!) lines.push(`< _:${colour[e.parent]!} ${e.predicate}`);
      lines.sort();
      return uuidV3(`${c}\n${lines.join('\n')}`);
    });
    colour = next;
    const nextClasses = new Set(colour).size;
    if (nextClasses === classes) return colour;
    classes = nextClasses;
  }
  return colour;
}

function identifyCycle(component: readonly number[], edges: readonly Edge[][], ids: string[], context: readonly string[], budget: Budget): void {
  const inComponent = new Set(component);
  const byOrder = (): void => {
    component.forEach((n, i) => {
      ids[n] = uuidV3(`cycle-by-order\n${i}\n${linesOf(edges[n]!, (c) => (inComponent.has(c) ? '_:cycle' : `_:${ids[c]!}`))}`);
    });
  };
  if (component.length > MAX_REFINED_CYCLE) return byOrder();
  let colour = new Map<number, string>();
  for (const n of component) colour.set(n, context[n]!);
  let lines = 0;
  for (const n of component) lines += 1 + edges[n]!.length;
  /** Refines until stable; false when the budget ran out first. */
  const refine = (): boolean => {
    let classes = new Set(colour.values()).size;
    for (;;) {
      if (!spend(budget, lines)) return false;
      const next = new Map<number, string>();
      for (const n of component) {
        const text = linesOf(edges[n]!, (c) => (inComponent.has(c) ? `_:c${colour.get(c)!}` : `_:${ids[c]!}`));
        next.set(n, uuidV3(`${colour.get(n)!}\n${text}`));
      }
      colour = next;
      const nextClasses = new Set(colour.values()).size;
      if (nextClasses === classes) return true;
      classes = nextClasses;
    }
  };
  if (!refine()) return byOrder();
  for (;;) {
    const members = new Map<string, number[]>();
    for (const n of component) {
      const c = colour.get(n)!;
      const list = members.get(c);
      if (list) list.push(n);
      else members.set(c, [n]);
    }
    const tied = [...members].filter(([, list]) => list.length > 1).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
    if (tied.length === 0) break;
    const [tiedColour, list] = tied[0]!;
    colour.set(list[0]!, uuidV3(`${tiedColour}\nindividualised`));
    if (!refine()) return byOrder();
  }
  for (const n of component) ids[n] = uuidV3(`cycle\n${colour.get(n)!}`);
}

/**
 * Tarjan's algorithm, iterative (RDF lists make long blank-node chains), over blank-node links.
 * Components come out children first: a component after every component it links to.
 */
function stronglyConnectedComponents(edges: readonly Edge[][]): number[][] {
  const n = edges.length;
  const order = new Int32Array(n).fill(-1);
  const low = new Int32Array(n);
  const onStack = new Uint8Array(n);
  const stack: number[] = [];
  const components: number[][] = [];
  let counter = 0;
  const work: Array<[node: number, edge: number]> = [];
  for (let root = 0; root < n; root++) {
    if (order[root] !== -1) continue;
    work.push([root, 0]);
    order[root] = low[root] = counter++;
    stack.push(root);
    onStack[root] = 1;
    while (work.length > 0) {
      const frame = work[work.length - 1]!;
      const [v, i] = frame;
      const out = edges[v]!;
      if (i < out.length) {
        frame[1] = i + 1;
        const w = out[i]!.child;
        if (w < 0) continue;
        if (order[w] === -1) {
          order[w] = low[w] = counter++;
          stack.push(w);
          onStack[w] = 1;
          work.push([w, 0]);
        } else if (onStack[w]) {
          low[v] = Math.min(low[v]!, order[w]!);
        }
        continue;
      }
      work.pop();
      if (work.length > 0) {
        const parent = work[work.length - 1]![0];
        low[parent] = Math.min(low[parent]!, low[v]!);
      }
      if (low[v] === order[v]) {
        const component: number[] = [];
        let w: number;
        do {
          w = stack.pop()!;
          onStack[w] = 0;
          component.push(w);
        } while (w !== v);
        components.push(component);
      }
    }
  }
  return components;
}

/** A key that tells two triples apart (graph names ignored). */
export function tripleKey(subject: Term, predicate: Term, object: Term): string {
  let o: string;
  if (object.termType === 'Literal') o = `L${object.value}\u0000${object.language}\u0000${object.datatype.value}`;
  else o = `${object.termType === 'BlankNode' ? 'B' : 'I'}${object.value}`;
  return `${subject.termType === 'BlankNode' ? 'B' : 'I'}${subject.value}\u0000${predicate.value}\u0000${o}`;
}

/**
 * The record graph with every blank node replaced by its skolem IRI under `resourceIri`, each triple
 * once, in the default graph. Graphs without blank nodes come back deduplicated, otherwise unchanged.
 */
export function skolemise(quads: readonly Quad[], resourceIri: string): Quad[] {
  let hasBlank = false;
  for (const q of quads) {
    if (q.subject.termType === 'BlankNode' || q.object.termType === 'BlankNode') {
      hasBlank = true;
      break;
    }
  }
  const ids = hasBlank ? blankNodeIds(quads) : null;
  const iris = new Map<string, NamedNode>();
  const replace = (term: Term): Term => {
    if (term.termType !== 'BlankNode' || ids === null) return term;
    let iri = iris.get(term.value);
    if (iri === undefined) {
      iri = namedNode(skolemIri(resourceIri, ids.get(term.value)!));
      iris.set(term.value, iri);
    }
    return iri;
  };
  const seen = new Set<string>();
  const out: Quad[] = [];
  for (const q of quads) {
    const s = replace(q.subject) as Quad_Subject;
    const o = replace(q.object) as Quad_Object;
    const key = tripleKey(s, q.predicate, o);
    if (seen.has(key)) continue;
    seen.add(key);
    out.push(s === q.subject && o === q.object && q.graph.termType === 'DefaultGraph' ? q : makeQuad(s, q.predicate, o, defaultGraph()));
  }
  return out;
}
