// Types for the part of rdf-canonize (which ships none) that the isomorphism oracle uses.
declare module 'rdf-canonize' {
  import type { Quad } from '@rdfjs/types';

  export interface CanonizeOptions {
    readonly algorithm: 'RDFC-1.0';
    /** Deep iterations allowed, as a power of the number of non-unique blank nodes (default 1). */
    readonly maxWorkFactor?: number;
    readonly signal?: AbortSignal;
  }

  /** The canonical N-Quads of a dataset (RDF/JS quads), lines sorted, each ending in a newline. */
  export function canonize(dataset: readonly Quad[], options: CanonizeOptions): Promise<string>;
}
