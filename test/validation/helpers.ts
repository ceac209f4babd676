import { readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import type { Quad } from '@rdfjs/types';
import { Parser } from 'n3';
import type { ValidationReport, ValidationResult } from '../../src/core/validation-report.js';
import { EngineRegistry } from '../../src/validation/engine-registry.js';

const here = path.dirname(fileURLToPath(import.meta.url));
export const EX = 'https://data.example.no/';

/** One registry for the whole test file: the profiles are compiled once. */
export const registry = new EngineRegistry();

export function turtle(text: string): Quad[] {
  return new Parser({ format: 'text/turtle' }).parse(text);
}

export function fixture(name: string): Quad[] {
  return turtle(readFileSync(path.join(here, 'fixtures', name), 'utf8'));
}

/** The quads without the triples of `subject` (local name under EX) with this predicate. */
export function without(quads: readonly Quad[], subject: string, predicate: string): Quad[] {
  const out = quads.filter((q) => !(q.subject.value === EX + subject && q.predicate.value === predicate));
  if (out.length === quads.length) throw new Error(`The fixture has no <${EX}${subject}> <${predicate}> triple to remove.`);
  return out;
}

export async function validate(quads: readonly Quad[], profile = 'dcat-ap-no-2'): Promise<ValidationReport> {
  return registry.engine(profile).validate(quads);
}

export function violations(report: ValidationReport): ValidationResult[] {
  return report.results.filter((r) => r.severity === 'violation');
}

/** A short description of results, for readable assertion failures. */
export function describe_(results: readonly ValidationResult[]): string[] {
  return results.map((r) => `${r.severity} ${r.focusNode} ${r.path ?? ''} ${r.value ?? ''} ${r.message.en}`);
}
