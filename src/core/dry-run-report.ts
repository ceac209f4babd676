import type { RunCounts } from './harvest-run.js';
import type { Problem } from './problem.js';
import type { ResourceKind } from './resource-kind.js';

/** The most triples listed per changed record (the counts are always exact). */
export const DRY_RUN_TRIPLES_LISTED = 200;

/**
 * What a harvest of a source would do now, found by fetching and validating everything and publishing
 * nothing: the records it would add, change (with the triples added and removed, as canonical
 * N-Triples lines) and remove, with the problems and validation counts it would report.
 */
export interface DryRunReport {
  readonly dryRun: true;
  readonly sourceId: string;
  readonly startedAt: string;
  readonly endedAt: string;
  /** `failed` when the source could not be read: a real run would fail too and change nothing. */
  readonly state: 'succeeded' | 'failed';
  readonly error?: string;
  readonly counts: RunCounts;
  readonly added: readonly DryRunRecord[];
  readonly changed: readonly DryRunChange[];
  readonly removed: readonly { readonly id: string; readonly iri: string; readonly kind: ResourceKind }[];
  readonly problems: readonly Problem[];
}

export interface DryRunRecord {
  readonly id: string;
  readonly iri: string;
  readonly kind: ResourceKind;
  readonly triples: number;
  /** SHACL violations of its profile; with `quarantineInvalid` it would be kept out of publication. */
  readonly violations: number;
  readonly quarantined: boolean;
}

export interface DryRunChange extends DryRunRecord {
  readonly triplesAdded: readonly string[];
  readonly triplesRemoved: readonly string[];
  readonly added: number;
  readonly removed: number;
  /** True when more triples changed than are listed (DRY_RUN_TRIPLES_LISTED each way). */
  readonly truncated: boolean;
}
