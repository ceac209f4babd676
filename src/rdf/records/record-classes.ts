import type { ResourceKind } from '../../core/resource-kind.js';

/** A class whose instances become records of a kind; `label` names it in messages (`dcat:Dataset`). */
export interface RecordClass {
  readonly classIri: string;
  readonly kind: ResourceKind;
  readonly label: string;
}

/**
 * The record classes of one kind of source, in priority order: a node typed with several of them is
 * of the first kind listed (in DCAT a Dataset that is also a DatasetSeries is a series).
 */
export class RecordClasses {
  readonly #priority: Map<ResourceKind, number>;

  constructor(readonly classes: readonly RecordClass[]) {
    if (classes.length === 0) throw new RangeError('A harvester needs at least one record class.');
    this.#priority = new Map();
    classes.forEach((c, i) => {
      if (!this.#priority.has(c.kind)) this.#priority.set(c.kind, i);
    });
  }

  /** The record kinds, in priority order, once each. */
  get kinds(): ResourceKind[] {
    return [...this.#priority.keys()];
  }

  /** The kind of a node typed with the given record kinds. */
  kindOf(kinds: Iterable<ResourceKind>): ResourceKind {
    let best: ResourceKind | undefined;
    for (const k of kinds) if (best === undefined || this.#priority.get(k)! < this.#priority.get(best)!) best = k;
    if (best === undefined) throw new TypeError('kindOf needs at least one kind.');
    return best;
  }

  /** `dcat:Dataset`, `skos:Concept`, … for messages. */
  labelOf(kind: ResourceKind): string {
    return this.classes.find((c) => c.kind === kind)?.label ?? kind;
  }
}
