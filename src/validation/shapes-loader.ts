import { readFileSync, readdirSync } from 'node:fs';
import path from 'node:path';
import type { Quad } from '@rdfjs/types';
import { Parser } from 'n3';
import { OWL } from '../rdf/namespaces.js';
import { IndexedDataset } from './indexed-dataset.js';

/** Our shapes files name each other by IRIs under this base; `owl:imports` of one is read from shapes/. */
export const SHAPES_BASE = 'https://w3id.org/datakatalog/shapes/';

function parseTurtleFile(file: string, given?: string): Quad[] {
  let text: string;
  try {
    text = given ?? readFileSync(file, 'utf8');
  } catch (cause) {
    throw new Error(`Cannot read ${file}: ${(cause as Error).message}`, { cause });
  }
  try {
    return new Parser({ format: 'text/turtle', baseIRI: `file://${file}` }).parse(text);
  } catch (cause) {
    throw new Error(`${file} is not valid Turtle: ${(cause as Error).message}`, { cause });
  }
}

/**
 * The quads of a shapes file and of every shapes file it imports (`owl:imports <https://w3id.org/
 * datakatalog/shapes/NAME>` is read from `shapes/NAME.ttl`), each file once. The resolved `owl:imports`
 * statements themselves are left out, so the SHACL engine does not try to fetch them.
 */
export function loadShapes(shapesDir: string, file: string): Quad[] {
  const quads: Quad[] = [];
  const seen = new Set<string>();
  const visit = (name: string): void => {
    if (seen.has(name)) return;
    seen.add(name);
    const own = parseTurtleFile(path.join(shapesDir, name));
    for (const q of own) {
      if (q.predicate.value !== OWL.imports) {
        quads.push(q);
        continue;
      }
      const target = q.object.value;
      if (!target.startsWith(SHAPES_BASE)) {
        throw new Error(`${name} imports ${target}; only shapes under ${SHAPES_BASE} can be imported (they are read from ${shapesDir}).`);
      }
      visit(`${target.slice(SHAPES_BASE.length)}.ttl`);
    }
  };
  visit(file);
  return quads;
}

/**
 * Every Turtle file of vocab/ in one store: the background every record is validated with. From the
 * files as already read when given (the reference vocabularies read once), else from the folder.
 */
export function loadBackground(vocabDir: string, files?: readonly { readonly name: string; readonly text: string }[]): IndexedDataset {
  const store = new IndexedDataset();
  const list = files ?? readdirSync(vocabDir).filter((f) => f.endsWith('.ttl')).sort().map((name) => ({ name, text: undefined }));
  if (list.length === 0) throw new Error(`No Turtle files in ${vocabDir}: the validation background is missing.`);
  for (const f of list) for (const q of parseTurtleFile(path.join(vocabDir, f.name), f.text)) store.add(q);
  return store;
}
