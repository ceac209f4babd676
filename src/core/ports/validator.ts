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
