// What the agreement tests with official shapes share: reading the corpus files as RDF, finding the
// ones a DCAT profile can judge, and the verdict table they print.
import { readFileSync, readdirSync, statSync } from 'node:fs';
import path from 'node:path';
import type { Quad } from '@rdfjs/types';
import jsonld from 'jsonld';
import { Parser } from 'n3';
import { RdfXmlParser } from 'rdfxml-streaming-parser';
import type { ValidationReport } from '../../../src/core/validation-report.js';
import { DCAT } from '../../../src/rdf/namespaces.js';
import type { ShaclEngine } from '../../../src/validation/shacl-engine.js';

const RDF_TYPE = 'http://www.w3.org/1999/02/22-rdf-syntax-ns#type';
const DCAT_CLASSES = new Set<string>([DCAT.Catalog, DCAT.Dataset, DCAT.DatasetSeries, DCAT.DataService, DCAT.Distribution, DCAT.CatalogRecord]);

/** Turtle, RDF/XML (.rdf, .xml) or JSON-LD (.json, .jsonld) by the file's extension; throws on anything else. */
export async function parseRdfFile(file: string): Promise<Quad[]> {
  const text = readFileSync(file, 'utf8');
  const base = `file://${file}`;
  if (file.endsWith('.ttl')) return new Parser({ format: 'text/turtle', baseIRI: base }).parse(text);
  if (file.endsWith('.xml') || file.endsWith('.rdf')) {
    return new Promise((resolve, reject) => {
      const quads: Quad[] = [];
      const parser = new RdfXmlParser({ baseIRI: base });
      parser.on('data', (q: Quad) => quads.push(q));
      parser.on('error', reject);
      parser.on('end', () => resolve(quads));
      parser.end(text);
    });
  }
  if (file.endsWith('.json') || file.endsWith('.jsonld')) {
    const nquads = (await jsonld.toRDF(JSON.parse(text), { format: 'application/n-quads' })) as string;
    return new Parser({ format: 'N-Quads' }).parse(nquads);
  }
  throw new Error('not an RDF file extension (.ttl, .rdf, .xml, .json, .jsonld)');
}

/** Every file below a folder, sorted, recursively. */
export function filesBelow(dir: string): string[] {
  return readdirSync(dir)
    .sort()
    .flatMap((name) => {
      const p = path.join(dir, name);
      return statSync(p).isDirectory() ? filesBelow(p) : [p];
    });
}

/** Whether a graph describes a DCAT resource (catalog, dataset, series, service, distribution, record): what DCAT shapes judge. */
export function hasDcatResource(quads: readonly Quad[]): boolean {
  return quads.some((q) => q.predicate.value === RDF_TYPE && DCAT_CLASSES.has(q.object.value));
}

export const verdict = (r: ValidationReport): string => (r.conforms ? 'conforms' : `${r.counts.violation} violation${r.counts.violation === 1 ? '' : 's'}`);

export interface AgreementRun {
  /** Rows of the printed table: file, official verdict, ours, note. */
  readonly rows: string[][];
  readonly judged: number;
  readonly agreed: number;
  /** Files whose verdicts differ without being a listed exception, and listed exceptions that agree. */
  readonly disagreements: string[];
  readonly exceptionsUsed: number;
}

/**
 * Runs both engines over the judged graphs and compares conforms / does-not-conform. `exceptions`
 * names the deliberate differences (file → why); any other difference is a disagreement, and so is
 * an exception that no longer differs.
 */
export async function compareVerdicts(
  official: ShaclEngine,
  ours: ShaclEngine,
  graphs: readonly { readonly name: string; readonly quads: readonly Quad[] }[],
  exceptions: Readonly<Record<string, string>>,
): Promise<AgreementRun> {
  const rows: string[][] = [];
  const disagreements: string[] = [];
  let agreed = 0;
  let exceptionsUsed = 0;
  for (const { name, quads } of graphs) {
    const a = await official.validate(quads);
    const b = await ours.validate(quads);
    const same = a.conforms === b.conforms;
    const why = exceptions[name];
    if (same) agreed++;
    if (!same && why !== undefined) exceptionsUsed++;
    rows.push([name, verdict(a), verdict(b), same ? '' : why !== undefined ? `deliberate difference: ${why}` : 'DISAGREES']);
    if (!same && why === undefined) disagreements.push(name);
    if (same && why !== undefined) disagreements.push(`${name} (listed as an exception but agrees: remove it)`);
  }
  return { rows, judged: graphs.length, agreed, disagreements, exceptionsUsed };
}

export function table(rows: readonly string[][]): string {
  const width = [0, 1, 2].map((i) => Math.max(...rows.map((r) => r[i]!.length), 8));
  return [['file', 'official', 'ours', 'note'], ...rows].map((r) => r.map((c, i) => (i < 3 ? c.padEnd(width[i]!) : c)).join('  ')).join('\n');
}
