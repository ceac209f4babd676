import type { HarvestedConcept } from '../core/ports/harvested-vocabulary.js';
import type { ValidationReport } from '../core/validation-report.js';
import type { RdfSyntax } from '../rdf/syntax.js';

/** A document sent to a document-validation worker: its bytes (transferred), syntax and profile. */
export interface DocumentRequest {
  readonly id: number;
  readonly body: Uint8Array;
  readonly syntax: RdfSyntax;
  readonly profile: string;
  /** Triples beyond which the document is refused unvalidated. */
  readonly maxTriples: number;
}

/**
 * A worker's answer. `unreadable`: the document is not valid in its syntax (line when known);
 * `too-many-triples`: it has more than the cap; `failed`: validation itself failed.
 */
export type DocumentReply =
  | { readonly id: number; readonly ok: true; readonly triples: number; readonly report: ValidationReport }
  | { readonly id: number; readonly ok: false; readonly kind: 'unreadable' | 'too-many-triples' | 'failed'; readonly message: string; readonly line?: number };

/** Sent once when the worker has compiled its profiles (or could not). */
export interface DocumentWorkerReady {
  readonly ready: true;
  readonly error?: string;
}

/** The harvested reference data, whole: the worker validates with it from its next document. */
export interface DocumentVocabulary {
  readonly vocabulary: readonly HarvestedConcept[];
}
