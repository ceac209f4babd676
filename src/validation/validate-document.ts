import type { Quad } from '@rdfjs/types';
import type { HarvestedConcept } from '../core/ports/harvested-vocabulary.js';
import type { ValidationReport } from '../core/validation-report.js';
import { type DataDirectories, defaultDataDirectories } from './data-directories.js';
import { EngineRegistry } from './engine-registry.js';

const registries = new Map<string, EngineRegistry>();

/**
 * Validates a whole document (a catalog with all its resources, as the CLI does before publishing)
 * against a profile, in the calling thread. The compiled profile is kept for later calls. `harvested`:
 * a catalog's harvested reference concepts, which extend the bundled vocabularies as in the service's
 * validators (src/validation/harvested-layer.ts); without them, the bundled vocabularies alone.
 */
export async function validateDocument(quads: Iterable<Quad>, profile: string, dirs: DataDirectories = defaultDataDirectories(), harvested: readonly HarvestedConcept[] = []): Promise<ValidationReport> {
  if (harvested.length > 0) return new EngineRegistry(dirs, harvested).engine(profile).validate(quads);
  const key = `${dirs.shapesDir}\n${dirs.vocabDir}`;
  let registry = registries.get(key);
  if (registry === undefined) {
    registry = new EngineRegistry(dirs);
    registries.set(key, registry);
  }
  return registry.engine(profile).validate(quads);
}
