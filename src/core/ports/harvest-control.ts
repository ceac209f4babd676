import type { HarvestRun } from '../harvest-run.js';
import type { DryRunReport } from '../dry-run-report.js';
import type { HarvestSource } from '../harvest-source.js';

/** What the HTTP layer may ask of harvesting: register sources and start harvests. */
export interface HarvestControl {
  /**
   * Checks and stores a source; throws BadRequestError listing every problem, and the organisation
   * register's errors when the publisher does not resolve. `authorise` is asked about the publisher
   * once the input is valid, before anything is stored. Registering the same source again is idempotent.
   */
  register(input: Readonly<Record<string, unknown>>, authorise?: (publisher: string) => Promise<void>): Promise<HarvestSource>;
  /** Starts a harvest and resolves once its run is recorded (state `running`); `done` settles with the finished run. A paused source is refused (SourcePausedError). */
  start(sourceId: string): Promise<{ readonly run: HarvestRun; readonly done: Promise<HarvestRun> }>;
  /**
   * Changes a source's settings (name, url, accept, intervalMs, profile, quarantineInvalid, active,
   * timeoutMs, followEndpointDescriptions, authentication; null removes an optional one), checked by
   * the rules of registration; throws BadRequestError listing every problem.
   */
  update(sourceId: string, patch: Readonly<Record<string, unknown>>): Promise<HarvestSource>;
  /** Pauses (false) or resumes (true) a source. */
  setActive(sourceId: string, active: boolean): Promise<HarvestSource>;
  /** Fetches and validates everything and says what a harvest would add, change and remove, publishing nothing. */
  dryRun(sourceId: string): Promise<DryRunReport>;
  /** Unregisters a source; its records are marked removed. */
  remove(sourceId: string): Promise<void>;
  isRunning(sourceId: string): boolean;
}
