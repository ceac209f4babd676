import type { HarvestRun } from '../harvest-run.js';
import type { HarvestSource } from '../harvest-source.js';

/** What the HTTP layer may ask of harvesting: register sources and start harvests. */
export interface HarvestControl {
  /**
   * Checks and stores a source; throws BadRequestError listing every problem, and the organisation
   * register's errors when the publisher does not resolve. `authorise` is asked about the publisher
   * once the input is valid, before anything is stored. Registering the same source again is idempotent.
   */
  register(input: Readonly<Record<string, unknown>>, authorise?: (publisher: string) => Promise<void>): Promise<HarvestSource>;
  /** Starts a harvest and resolves once its run is recorded (state `running`); `done` settles with the finished run. */
  start(sourceId: string): Promise<{ readonly run: HarvestRun; readonly done: Promise<HarvestRun> }>;
  /** Unregisters a source; its records are marked removed. */
  remove(sourceId: string): Promise<void>;
  isRunning(sourceId: string): boolean;
}
