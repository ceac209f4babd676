/**
 * Expected failures are values, not exceptions: a harvest run collects problems, each naming the
 * resource (when there is one) and the cause in plain words.
 */
export const PROBLEM_KINDS = [
  'fetch', // the source could not be fetched (network, HTTP status, size, time)
  'parse', // the payload is not readable RDF in the declared or detected syntax
  'conflict', // another source owns this resource IRI
  'skipped', // a resource was left out, with the reason (e.g. a blank node without dct:identifier)
  'invalid', // the record has SHACL violations (published with its report, or quarantined)
  'internal', // a bug on our side; reported, never hidden
  'note', // worth knowing, not a fault and not counted (e.g. the publisher's own catalog records were left out)
] as const;
export type ProblemKind = (typeof PROBLEM_KINDS)[number];

export interface Problem {
  readonly kind: ProblemKind;
  /** The resource IRI (or the document URL for fetch/parse problems), when there is one. */
  readonly resource?: string;
  readonly message: string;
  /** Line number in the payload, for syntax errors. */
  readonly line?: number;
}
