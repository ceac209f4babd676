import { type DataDirectories, defaultDataDirectories } from './data-directories.js';
import type { IndexedDataset } from './indexed-dataset.js';
import { profileById } from './profiles.js';
import { ShaclEngine } from './shacl-engine.js';
import { loadBackground, loadShapes } from './shapes-loader.js';

/**
 * The compiled engines of one shapes/ + vocab/ pair: the background is loaded once and shared by
 * every profile; each profile's shapes are parsed once, on first use.
 */
export class EngineRegistry {
  readonly dirs: DataDirectories;
  #background: IndexedDataset | undefined;
  readonly #engines = new Map<string, ShaclEngine>();

  constructor(dirs: DataDirectories = defaultDataDirectories()) {
    this.dirs = dirs;
  }

  get background(): IndexedDataset {
    this.#background ??= loadBackground(this.dirs.vocabDir, this.dirs.vocabularyFiles);
    return this.#background;
  }

  /** The engine of a profile; throws UnknownProfileError for an unknown id. */
  engine(profile: string): ShaclEngine {
    let engine = this.#engines.get(profile);
    if (engine === undefined) {
      const definition = profileById(profile);
      engine = new ShaclEngine(definition.id, loadShapes(this.dirs.shapesDir, definition.shapesFile), this.background);
      this.#engines.set(profile, engine);
    }
    return engine;
  }
}
