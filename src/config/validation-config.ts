import { VALIDATION_PROFILE_IDS } from '../core/validation-profiles.js';
import type { EnvReader } from './env-reader.js';

/** Validation of harvested records: the default profile and the validator threads. */
export interface ValidationConfig {
  readonly defaultProfile: string;
  /** Worker threads; `auto` is resolved by validationWorkerCount (src/validation/validation-worker-count.ts). */
  readonly workers: number | 'auto';
}

/** POST /api/validate: public, so bounded in size, triples, time and concurrency; its own worker threads. */
export interface ValidateConfig {
  readonly maxBytes: number;
  readonly maxTriples: number;
  readonly timeoutMs: number;
  readonly workers: number;
  /** Validations waiting for a worker (503 past it). */
  readonly queue: number;
  /** Heap of each validate worker thread, MB: a document that needs more fails alone. */
  readonly memoryMb: number;
  /** A validate worker idle this long is stopped (the next document starts one), ms. */
  readonly idleMs: number;
}

export function readValidationConfig(r: EnvReader): ValidationConfig {
  return {
    defaultProfile: r.oneOf('VALIDATION_PROFILE', VALIDATION_PROFILE_IDS, 'dcat-ap-no-2'),
    workers: (r.optional('VALIDATION_WORKERS')?.toLowerCase() ?? 'auto') === 'auto' ? 'auto' : r.int('VALIDATION_WORKERS', 2, 1, 64),
  };
}

export function readValidateConfig(r: EnvReader): ValidateConfig {
  const config: ValidateConfig = {
    maxBytes: r.bytes('VALIDATE_MAX_BYTES', 10e6),
    maxTriples: r.int('VALIDATE_MAX_TRIPLES', 200_000, 1, 100_000_000),
    timeoutMs: r.duration('VALIDATE_TIMEOUT', 30_000),
    workers: r.int('VALIDATE_WORKERS', 1, 1, 64),
    queue: r.int('VALIDATE_QUEUE', 4, 0, 10_000),
    memoryMb: r.int('VALIDATE_MEMORY_MB', 512, 64, 65_536),
    idleMs: r.duration('VALIDATE_WORKER_IDLE', 120_000),
  };
  if (config.timeoutMs < 100) r.problems.push(`VALIDATE_TIMEOUT (${config.timeoutMs} ms) is below 100 ms.`);
  return config;
}
