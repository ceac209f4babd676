import type { ValidationReport } from '../core/validation-report.js';

/** A record sent to a validation worker. */
export interface WorkerRequest {
  readonly id: number;
  readonly ntriples: string;
  readonly profile: string;
}

/** A worker's answer: the report, or the error that stopped the validation. Id -1 announces readiness. */
export interface WorkerReply {
  readonly id: number;
  readonly report?: ValidationReport;
  readonly error?: string;
  readonly ready?: boolean;
}
