import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { Parser, type Quad } from 'n3';
import type { LabelSource } from '../core/ports/label-source.js';
import { labelsOfQuads } from '../rdf/vocabulary-labels.js';

/** A Turtle file of vocab/: its name and text (worker threads parse the text; nothing reads the folder again). */
export interface VocabularyFile {
  readonly name: string;
  readonly text: string;
}

/**
 * The reference vocabularies bundled in vocab/ (EU themes, file types, access rights, licences,
 * frequencies, languages, provenance, LOS, organisations, …), read and parsed once: the files, their
 * triples (validation's background, the search vocabulary's codes and hierarchies) and the labels of
 * their terms as the fallback LabelSource of TermLabels.
 */
export interface BundledVocabularies {
  readonly dir: string;
  readonly files: readonly VocabularyFile[];
  readonly quads: readonly Quad[];
  readonly labels: LabelSource;
}

/** Parses vocabulary files; a file that does not parse is reported by name. */
export function vocabulariesOf(dir: string, files: readonly VocabularyFile[]): BundledVocabularies {
  const quads: Quad[] = [];
  for (const file of files) {
    try {
      quads.push(...new Parser({ format: 'text/turtle' }).parse(file.text));
    } catch (error) {
      throw new Error(`Cannot read the vocabulary ${path.join(dir, file.name)}: ${(error as Error).message}`, { cause: error });
    }
  }
  const labels = labelsOfQuads(quads);
  return { dir, files, quads, labels: { name: 'bundled', entries: () => labels.entries() } };
}

const loaded = new Map<string, BundledVocabularies>();

/** Reads every `.ttl` file of a folder (vocab/) once per process; later calls get the same object. */
export function loadBundledVocabularies(dir: string): BundledVocabularies {
  const key = path.resolve(dir);
  let vocabularies = loaded.get(key);
  if (vocabularies === undefined) {
    const names = readdirSync(key).filter((f) => f.endsWith('.ttl')).sort();
    if (names.length === 0) throw new Error(`No Turtle files in ${key}: the reference vocabularies are missing.`);
    vocabularies = vocabulariesOf(key, names.map((name) => ({ name, text: readFileSync(path.join(key, name), 'utf8') })));
    loaded.set(key, vocabularies);
  }
  return vocabularies;
}
