import { DRY_RUN_TRIPLES_LISTED, type DryRunChange, type DryRunRecord, type DryRunReport } from '../core/dry-run-report.js';
import { emptyCounts } from '../core/harvest-run.js';
import type { HarvestSource } from '../core/harvest-source.js';
import type { Problem } from '../core/problem.js';
import { DocumentReadError } from '../core/ports/harvester.js';
import { chooseProfile } from '../core/validation-profiles.js';
import type { ValidationReport } from '../core/validation-report.js';
import { decide, type RecordDecision } from './change-detector.js';
import type { HarvestOptions, PipelineDeps } from './harvest-pipeline.js';
import { documentDepsOf, locationOf, readAndSplit } from './source-read.js';
import { ValidationWindow } from './validation-window.js';
import { oversizedIriProblem } from './record-iri-limit.js';

const VALIDATIONS_IN_FLIGHT = 128;

/**
 * A harvest that publishes nothing: the source is fetched in full (unconditionally: what is remembered
 * from the last harvest is neither used nor changed), split, compared with what the store holds and
 * validated, and the answer says what a real harvest would add, change (the triples added and removed
 * per record) and remove. Nothing is written: no run, no record, no fetch state, no change-log entry.
 */
export async function dryRunHarvest(source: HarvestSource, deps: PipelineDeps, options: HarvestOptions = {}): Promise<DryRunReport> {
  const now = deps.now ?? (() => new Date());
  const startedAt = now().toISOString();
  const counts = emptyCounts();
  const problems: Problem[] = [];
  const added: DryRunRecord[] = [];
  const changed: DryRunChange[] = [];
  const removed: { id: string; iri: string; kind: DryRunRecord['kind'] }[] = [];
  const report = (state: 'succeeded' | 'failed', error?: string): DryRunReport => ({
    dryRun: true,
    sourceId: source.id,
    startedAt,
    endedAt: now().toISOString(),
    state,
    ...(error !== undefined ? { error } : {}),
    counts,
    added,
    changed,
    removed,
    problems,
  });
  try {
    const harvester = deps.harvesters.get(source.kind);
    if (harvester === undefined) throw new DocumentReadError('fetch', source.url, `No harvester is installed for sources of kind "${source.kind}".`);
    const documentDeps = { ...documentDepsOf(source, harvester, deps, options), unconditional: true, dryRun: true };
    const existing = await deps.store.recordStatesOfSource(source.id);
    const read = await readAndSplit(harvester, source, locationOf(source, options), documentDeps, deps.baseUrl, options.signal);
    if (read.kind === 'not-modified') throw new Error('an unconditional read answered not modified');
    const { split } = read;
    for (const p of split.problems) problems.push(p);
    counts.skipped += split.problems.filter((p) => p.kind === 'skipped').length;
    const foreign = await deps.store.recordStatesByIri(split.records.filter((r) => !existing.has(r.iri)).map((r) => r.iri));
    const seen = new Set<string>();
    const validations = new ValidationWindow(deps.validator, VALIDATIONS_IN_FLIGHT);
    for (const record of split.records) {
      if (seen.has(record.iri)) continue;
      seen.add(record.iri);
      const oversized = oversizedIriProblem(record.iri);
      if (oversized !== undefined) {
        problems.push(oversized);
        counts.skipped++;
        continue;
      }
      for (const p of record.problems ?? []) problems.push(p.resource !== undefined ? p : { ...p, resource: record.iri });
      const profile = chooseProfile(record.kind, harvester.profiles, source.profile, deps.defaultProfile);
      if (profile === undefined) {
        problems.push({ kind: 'internal', resource: record.iri, message: `The ${source.kind} harvester declares no validation profile for records of kind "${record.kind}", so this record would not be published.` });
        continue;
      }
      const decision = decide(record, source.id, existing.get(record.iri) ?? foreign.get(record.iri));
      if (decision.action === 'unchanged') {
        counts.unchanged++;
        continue;
      }
      if (decision.action === 'conflict') {
        counts.conflicts++;
        problems.push({ kind: 'conflict', resource: decision.iri, message: `This resource is already published by another harvest source (${decision.ownerSourceId}); it would not be merged.` });
        continue;
      }
      await validations.submit(decision, profile, async (validation, error) => {
        if (error !== undefined) {
          problems.push({ kind: 'internal', resource: decision.iri, message: `Validation failed for this record: ${error.message}` });
          return;
        }
        const violations = validation?.counts.violation ?? 0;
        if (violations > 0) {
          counts.invalid++;
          problems.push(invalidProblem(decision.iri, validation!, source.quarantineInvalid));
        }
        counts[decision.change]++;
        const entry: DryRunRecord = { id: decision.id, iri: decision.iri, kind: decision.record.kind, triples: lines(decision.graph).length, violations, quarantined: violations > 0 && source.quarantineInvalid };
        if (decision.change === 'added') added.push(entry);
        else changed.push({ ...entry, ...(await tripleDiff(deps, decision)) });
      });
    }
    await validations.drain();
    for (const r of existing.values()) {
      if (r.status === 'removed' || seen.has(r.iri)) continue;
      removed.push({ id: r.id, iri: r.iri, kind: r.kind });
    }
    counts.removed = removed.length;
    return report('succeeded');
  } catch (error) {
    const message = error instanceof DocumentReadError ? error.message : `Internal error: ${(error as Error).message}`;
    if (error instanceof DocumentReadError) problems.push({ kind: error.stage, resource: error.url, message, ...(error.line !== undefined ? { line: error.line } : {}) });
    else {
      problems.push({ kind: 'internal', message });
      deps.logger.error({ err: error, sourceId: source.id }, 'dry run failed with an internal error');
    }
    return report('failed', message);
  }
}

/** The triples a changed record would gain and lose, against the graph the store holds. */
async function tripleDiff(deps: PipelineDeps, d: Extract<RecordDecision, { action: 'write' }>): Promise<Pick<DryRunChange, 'triplesAdded' | 'triplesRemoved' | 'added' | 'removed' | 'truncated'>> {
  const stored = await deps.store.getRecord(d.id);
  const before = new Set(lines(stored?.graph ?? ''));
  const after = new Set(lines(d.graph));
  const plus = [...after].filter((t) => !before.has(t)).sort();
  const minus = [...before].filter((t) => !after.has(t)).sort();
  return {
    triplesAdded: plus.slice(0, DRY_RUN_TRIPLES_LISTED),
    triplesRemoved: minus.slice(0, DRY_RUN_TRIPLES_LISTED),
    added: plus.length,
    removed: minus.length,
    truncated: plus.length > DRY_RUN_TRIPLES_LISTED || minus.length > DRY_RUN_TRIPLES_LISTED,
  };
}

function lines(ntriples: string): string[] {
  return ntriples.split('\n').filter((l) => l.trim() !== '');
}

function invalidProblem(iri: string, report: ValidationReport, quarantine: boolean): Problem {
  const first = report.results.find((r) => r.severity === 'violation');
  const n = report.counts.violation;
  return {
    kind: 'invalid',
    resource: iri,
    message: `${n} ${n === 1 ? 'violation' : 'violations'} of ${report.profile}; it would be ${quarantine ? 'kept out of publication (quarantined)' : 'published with its validation report'}. ${first ? `First: ${first.message.en}` : ''}`.trim(),
  };
}
