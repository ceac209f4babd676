import type { ResourceKind } from '../resource-kind.js';
import type { ValidationReport } from '../validation-report.js';

export interface ValidationRequest {
  /** The record's resource graph as N-Triples. */
  readonly ntriples: string;
  /** Profile id, e.g. `dcat-ap-no-2`. */
  readonly profile: string;
}

/** SHACL validation of record graphs against the shapes in shapes/, with vocab/ loaded as background. */
export interface Validator {
  readonly profiles: readonly ValidationProfile[];
  validate(request: ValidationRequest): Promise<ValidationReport>;
  close(): Promise<void>;
}

export interface ValidationProfile {
  readonly id: string;
  readonly label: string;
  readonly description: string;
  /** The record kinds its shapes target. */
  readonly recordKinds: readonly ResourceKind[];
}

/** A whole document sent by a client to be checked before it is published (POST /api/validate). */
export interface DocumentValidationRequest {
  readonly body: Uint8Array;
  /** The RDF syntax it is in (an RdfSyntax: turtle, trig, n-triples, n-quads, rdf-xml, json-ld). */
  readonly syntax: string;
  readonly profile: string;
  /** Stops the work when the client goes away; the promise rejects with the signal's reason. */
  readonly signal?: AbortSignal;
}

export interface DocumentValidation {
  readonly triples: number;
  readonly report: ValidationReport;
}

/**
 * Validates whole documents from anonymous clients, bounded: rejects with BadRequestError when the
 * document is not valid in its syntax, PayloadTooLargeError past the triple or memory cap,
 * ServiceUnavailableError (with `retryAfter`) past the time limit or when too many wait.
 */
export interface DocumentValidator {
  readonly profiles: readonly ValidationProfile[];
  validateDocument(request: DocumentValidationRequest): Promise<DocumentValidation>;
  close(): Promise<void>;
}
