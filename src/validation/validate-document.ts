import type { Quad } from '@rdfjs/types';
import type { ValidationReport } from '../core/validation-report.js';
import { type DataDirectories, defaultDataDirectories } from './data-directories.js';
import { EngineRegistry } from './engine-registry.js';

const registries = new Map<string, EngineRegistry>();

/**
 * Validates a whole document (a catalog with all its resources, as the CLI does before publishing)
 * against a profile, in the calling thread. The compiled profile is kept for later calls.
 */
export async function validateDocument(quads: Iterable<Quad>, profile: string, dirs: DataDirectories = defaultDataDirectories()): Promise<ValidationReport> {
  const key = `${dirs.shapesDir}\n${dirs.vocabDir}`;
  let registry = registries.get(key);
  if (registry === undefined) {
    registry = new EngineRegistry(dirs);
    registries.set(key, registry);
  }
  return registry.engine(profile).validate(quads);
}
