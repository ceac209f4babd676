import type { HarvestedConcept } from '../core/ports/harvested-vocabulary.js';
import { type DataDirectories, defaultDataDirectories } from './data-directories.js';
import { type ControlledSchemes, controlledSchemes, harvestedLayer } from './harvested-layer.js';
import { IndexedDataset } from './indexed-dataset.js';
import { PROFILES, profileById } from './profiles.js';
import { ShaclEngine } from './shacl-engine.js';
import { loadBackground, loadShapes } from './shapes-loader.js';

/**
 * The compiled engines of one shapes/ + vocab/ pair: the background is loaded once and shared by
 * every profile; each profile's shapes are parsed once, on first use. Harvested reference data
 * (`useHarvested`) extends the background: every engine validates with the new one from its next record.
 */
export class EngineRegistry {
  readonly dirs: DataDirectories;
  #bundled: IndexedDataset | undefined;
  #background: IndexedDataset | undefined;
  readonly #engines = new Map<string, ShaclEngine>();
  #controlled: ControlledSchemes | undefined;
  /** The harvested layer now in the background, one line per triple: an unchanged layer is not rebuilt. */
  #layerKey = '';
  #layerSize = 0;

  constructor(dirs: DataDirectories = defaultDataDirectories(), harvested: readonly HarvestedConcept[] = []) {
    this.dirs = dirs;
    if (harvested.length > 0) this.useHarvested(harvested);
  }

  /** The bundled vocabularies (vocab/) alone. */
  get bundled(): IndexedDataset {
    this.#bundled ??= loadBackground(this.dirs.vocabDir, this.dirs.vocabularyFiles);
    return this.#bundled;
  }

  /** What records are validated with: the bundled vocabularies and the harvested layer. */
  get background(): IndexedDataset {
    return this.#background ?? this.bundled;
  }

  /** Triples the harvested reference data adds to the background now. */
  get harvestedTriples(): number {
    return this.#layerSize;
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

  /**
   * Replaces the harvested reference data in the background with these concepts (every reference
   * source's, whole): those of a controlled vocabulary (harvested-layer.ts) are added to the bundled
   * vocabularies, and every engine validates with the result from its next record.
   */
  useHarvested(concepts: readonly HarvestedConcept[]): void {
    const layer = concepts.length === 0 ? [] : harvestedLayer(concepts, this.#controlledSchemes());
    const key = layer.map((q) => `${q.subject.value} ${q.predicate.value} ${q.object.value}`).join('\n');
    if (key === this.#layerKey) return;
    this.#layerKey = key;
    this.#layerSize = layer.length;
    if (layer.length === 0) {
      this.#background = undefined;
    } else {
      const combined = new IndexedDataset(this.bundled);
      for (const q of layer) combined.add(q);
      this.#background = combined;
    }
    for (const engine of this.#engines.values()) engine.useBackground(this.background);
  }

  #controlledSchemes(): ControlledSchemes {
    this.#controlled ??= controlledSchemes(
      PROFILES.map((p) => this.#engines.get(p.id)?.shapes ?? new IndexedDataset(loadShapes(this.dirs.shapesDir, p.shapesFile))),
      this.bundled,
    );
    return this.#controlled;
  }
}
