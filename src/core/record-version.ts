import type { ResourceKind } from './resource-kind.js';

/**
 * One published version of a record, as the public change log and a record's history list it.
 *
 * Versions follow what the public sees: `add` when a record becomes public (first harvest, or back
 * after removal or quarantine), `change` when a public record's graph changes, `remove` when it stops
 * being public (gone from its source, its source deleted, or quarantined). A write that leaves the
 * public graph as it was is no version.
 */
export const VERSION_OPS = ['add', 'change', 'remove'] as const;
export type VersionOp = (typeof VERSION_OPS)[number];

export interface RecordVersion {
  /** Position in the public change log: the cursor of /api/changes and the order of the LDES. */
  readonly seq: number;
  readonly recordId: string;
  /** 1, 2, 3, … per record. */
  readonly version: number;
  readonly op: VersionOp;
  /** When the version was published in this catalog (never earlier than the log entry before it). */
  readonly at: string;
  /** The harvest run that made it; null for changes outside a run (a source deleted, history from before runs were kept). */
  readonly runId: string | null;
  readonly kind: ResourceKind;
  readonly iri: string;
  readonly sourceId: string;
  /** Triples added and removed by this version, counted. */
  readonly added: number;
  readonly removed: number;
}

/** A version with its triples (canonical N-Triples lines, each ending in a newline). */
export interface RecordVersionDelta extends RecordVersion {
  readonly addedTriples: string;
  readonly removedTriples: string;
  /** `addedTriples` is the whole graph at this version: the earlier versions were dropped by the retention policy, or not read (a snapshot). */
  readonly base: boolean;
}

/** The difference between two canonical N-Triples graphs, as the lines to add and to remove (sorted). */
export function graphDelta(before: string, after: string): { added: string[]; removed: string[] } {
  // A record's first version (or its removal) is one whole graph: when its lines are already sorted
  // and distinct, as canonical N-Triples are, they are the delta as they stand.
  if (before.trim() === '') return { added: sortedDistinct(linesOf(after)), removed: [] };
  if (after.trim() === '') return { added: [], removed: sortedDistinct(linesOf(before)) };
  const a = new Set(linesOf(before));
  const b = new Set(linesOf(after));
  return { added: [...b].filter((l) => !a.has(l)).sort(), removed: [...a].filter((l) => !b.has(l)).sort() };
}

/** Applies versions (oldest first) to an empty graph: the graph after the last, as canonical N-Triples (sorted lines, as the store keeps graphs). */
export function replayVersions(versions: readonly Pick<RecordVersionDelta, 'addedTriples' | 'removedTriples' | 'base'>[]): string {
  const graph = new Set<string>();
  for (const v of versions) applyVersion(graph, v);
  return graphText(graph);
}

/** One version's change to a graph of lines: a base replaces it, then the removed lines go and the added come. */
function applyVersion(graph: Set<string>, v: Pick<RecordVersionDelta, 'addedTriples' | 'removedTriples' | 'base'>): void {
  if (v.base) graph.clear();
  for (const l of linesOf(v.removedTriples)) graph.delete(l);
  for (const l of linesOf(v.addedTriples)) graph.add(l);
}

function graphText(graph: ReadonlySet<string>): string {
  return `${[...graph].sort().join('\n')}\n`;
}

/**
 * A record's versions replayed forward once, for graphs asked at increasing versions: an LDES page of M
 * versions of one record replayed 1 + 2 + … + M deltas when each member was replayed from version 1.
 */
export class VersionReplay {
  readonly #graph = new Set<string>();
  #next = 0;

  constructor(private readonly versions: readonly Pick<RecordVersionDelta, 'version' | 'addedTriples' | 'removedTriples' | 'base'>[]) {}

  /** The graph at `version` (canonical N-Triples, sorted); undefined when the record has no such version or it was passed already. */
  graphAt(version: number): string | undefined {
    while (this.#next < this.versions.length && this.versions[this.#next]!.version <= version) {
      const v = this.versions[this.#next++]!;
      applyVersion(this.#graph, v);
      if (v.version === version) return graphText(this.#graph);
    }
    return undefined;
  }
}

/** The lines sorted, each once: as they stand when they already are (one pass), else sorted. */
function sortedDistinct(lines: string[]): string[] {
  for (let i = 1; i < lines.length; i++) if (!(lines[i - 1]! < lines[i]!)) return [...new Set(lines)].sort();
  return lines;
}

function linesOf(ntriples: string): string[] {
  return ntriples.split('\n').filter((l) => l.trim() !== '');
}
