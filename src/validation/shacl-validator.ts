import type { HarvestedConcept, HarvestedVocabularySink } from '../core/ports/harvested-vocabulary.js';
import type { Logger } from '../core/ports/logger.js';
import { silentLogger } from '../core/ports/logger.js';
import type { ValidationProfile, ValidationRequest, Validator } from '../core/ports/validator.js';
import type { ValidationReport } from '../core/validation-report.js';
import { type DataDirectories, defaultDataDirectories } from './data-directories.js';
import { EngineRegistry } from './engine-registry.js';
import { PROFILES, profileById } from './profiles.js';
import { validateRecordNTriples } from './record-validation.js';
import { ValidationWorkerPool } from './worker-pool.js';

export interface ShaclValidatorOptions {
  /** Worker threads (config.validation.workers). 0 validates in the calling thread, as the CLI does. Default 2. */
  readonly workers?: number;
  /** Where shapes/ and vocab/ are; default: the project's own folders. */
  readonly dirs?: DataDirectories;
  readonly logger?: Logger;
}

/**
 * SHACL validation of record graphs against the profiles in shapes/, with vocab/ as background,
 * extended by harvested reference data (`useHarvestedConcepts`, see harvested-layer.ts).
 * With workers, every worker compiles all profiles once at start; without, the profiles are
 * compiled in this thread on first use.
 */
export class ShaclValidator implements Validator, HarvestedVocabularySink {
  readonly profiles: readonly ValidationProfile[] = PROFILES.map(({ id, label, description, recordKinds }) => ({ id, label, description, recordKinds }));
  readonly #pool: ValidationWorkerPool | undefined;
  readonly #registry: EngineRegistry | undefined;

  constructor(options: ShaclValidatorOptions = {}) {
    const workers = options.workers ?? 2;
    if (!Number.isInteger(workers) || workers < 0) throw new RangeError(`workers must be a whole number ≥ 0, got ${workers}.`);
    const dirs = options.dirs ?? defaultDataDirectories();
    if (workers === 0) this.#registry = new EngineRegistry(dirs);
    else this.#pool = new ValidationWorkerPool(workers, dirs, PROFILES.map((p) => p.id), options.logger ?? silentLogger);
  }

  /** Validates from now on with these harvested reference concepts (every reference source's, whole). */
  useHarvestedConcepts(concepts: readonly HarvestedConcept[]): void {
    if (this.#pool) this.#pool.useHarvestedConcepts(concepts);
    else this.#registry!.useHarvested(concepts);
  }

  async validate(request: ValidationRequest): Promise<ValidationReport> {
    profileById(request.profile);
    if (this.#pool) return this.#pool.validate(request.ntriples, request.profile);
    return validateRecordNTriples(this.#registry!, request.ntriples, request.profile);
  }

  async close(): Promise<void> {
    await this.#pool?.close();
  }
}
