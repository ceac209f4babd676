import type { Quad, Term } from '@rdfjs/types';
import { anyTermKey } from '../rdf/term-key.js';

/** What grouping needs to know of one record graph. */
export interface RecordTerms {
  /** The nodes the record describes (subjects), each with the sorted text of its triples. */
  readonly subjects: ReadonlyMap<string, string>;
  /** Every term the record mentions, as subject or object. */
  readonly terms: ReadonlySet<string>;
  /** The objects of its triples whose predicate makes them focus nodes (`sh:targetObjectsOf`). */
  readonly targeted: ReadonlySet<string>;
}

export function recordTerms(quads: readonly Quad[], targetObjectsOf: ReadonlySet<string> = new Set()): RecordTerms {
  const triples = new Map<string, string[]>();
  const terms = new Set<string>();
  const targeted = new Set<string>();
  for (const q of quads) {
    const s = anyTermKey(q.subject as Term);
    const o = anyTermKey(q.object as Term);
    let list = triples.get(s);
    if (list === undefined) triples.set(s, (list = []));
    list.push(`${q.predicate.value} ${q.object.termType[0]}${o}`);
    terms.add(s);
    terms.add(o);
    if (targetObjectsOf.has(q.predicate.value)) targeted.add(o);
  }
  const subjects = new Map<string, string>();
  for (const [s, list] of triples) subjects.set(s, list.sort().join('\n'));
  return { subjects, terms, targeted };
}

class Group {
  readonly members: number[] = [];
  readonly #described = new Map<string, string>();
  /** Nodes some member mentions without describing them. */
  readonly #mentionedOnly = new Set<string>();
  readonly #targeted = new Set<string>();

  accepts(record: RecordTerms): boolean {
    for (const [node, triples] of record.subjects) {
      if (this.#mentionedOnly.has(node)) return false;
      const there = this.#described.get(node);
      if (there !== undefined && (there !== triples || this.#targeted.has(node) || record.targeted.has(node))) return false;
    }
    for (const node of record.terms) if (!record.subjects.has(node) && this.#described.has(node)) return false;
    return true;
  }

  add(index: number, record: RecordTerms): void {
    this.members.push(index);
    for (const [node, triples] of record.subjects) this.#described.set(node, triples);
    for (const node of record.terms) if (!record.subjects.has(node)) this.#mentionedOnly.add(node);
    for (const node of record.targeted) this.#targeted.add(node);
  }
}

/**
 * Groups record graphs so that they can be validated together as one data graph and give each record
 * exactly the results it gets alone. In a group, a node is either described by no member, or described
 * with the very same triples by every member that mentions it, so that every path a shape follows from
 * a member's node finds the triples it finds in that member alone. A node described by several members
 * must not be the object of a `sh:targetObjectsOf` predicate in any of them (whether it is a focus node
 * would then depend on the member). Shapes with inverse paths would see other members: a profile with
 * them validates records one by one (ShaclEngine.groupable).
 *
 * First fit, in order; a group holds at most `maxSize` records. Returns the records' indexes per group.
 */
export function disjointGroups(records: readonly RecordTerms[], maxSize: number): number[][] {
  const groups: Group[] = [];
  records.forEach((record, index) => {
    let fit = groups.find((g) => g.members.length < maxSize && g.accepts(record));
    if (fit === undefined) groups.push((fit = new Group()));
    fit.add(index, record);
  });
  return groups.map((g) => g.members);
}
