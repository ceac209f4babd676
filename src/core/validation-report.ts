/** SHACL outcome of one record, in words a publisher understands. */
export const SEVERITIES = ['violation', 'warning', 'info'] as const;
export type Severity = (typeof SEVERITIES)[number];

export interface LocalisedText {
  readonly nb: string;
  readonly en: string;
}

export interface ValidationResult {
  readonly severity: Severity;
  /** The node the rule was checked on (an IRI after skolemisation). */
  readonly focusNode: string;
  /** The property path, as an IRI, when the rule is about a property. */
  readonly path?: string;
  /** The offending value, when there is one. */
  readonly value?: string;
  readonly message: LocalisedText;
  /** The shape and the SHACL constraint component that produced the result. */
  readonly sourceShape?: string;
  readonly constraint?: string;
}

export interface ValidationReport {
  /** Profile id, e.g. `dcat-ap-no-2` or `dcat-ap-no-3`. */
  readonly profile: string;
  readonly conforms: boolean;
  readonly counts: { readonly violation: number; readonly warning: number; readonly info: number };
  readonly results: readonly ValidationResult[];
}
