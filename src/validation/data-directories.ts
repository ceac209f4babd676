import { existsSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

/** Where the validator reads its shapes and background vocabularies. */
export interface DataDirectories {
  readonly shapesDir: string;
  readonly vocabDir: string;
  /**
   * The Turtle files of vocabDir as the process already read them (src/main.ts passes the reference
   * vocabularies read once); when given, the folder is not read again, here or in a worker thread.
   */
  readonly vocabularyFiles?: readonly { readonly name: string; readonly text: string }[];
}

/**
 * The project's `shapes/` and `vocab/` folders, found by walking up from this module: it sits at
 * `src/validation/` in the source tree and at `dist/src/validation/` when compiled.
 */
export function defaultDataDirectories(): DataDirectories {
  let dir = path.dirname(fileURLToPath(import.meta.url));
  for (;;) {
    const shapesDir = path.join(dir, 'shapes');
    const vocabDir = path.join(dir, 'vocab');
    if (existsSync(shapesDir) && existsSync(vocabDir) && existsSync(path.join(dir, 'package.json'))) return { shapesDir, vocabDir };
    const parent = path.dirname(dir);
    if (parent === dir) {
      throw new Error(`Cannot find the shapes/ and vocab/ folders above ${fileURLToPath(import.meta.url)}; pass shapesDir and vocabDir explicitly.`);
    }
    dir = parent;
  }
}
