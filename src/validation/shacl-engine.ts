import type { Quad, Term } from '@rdfjs/types';
import { DataFactory, Store } from 'n3';
import SHACLValidator from 'rdf-validate-shacl';
import type { ValidationResult as ShaclResult } from 'rdf-validate-shacl/src/validation-report.js';
import type { LocalisedText, Severity, ValidationReport, ValidationResult } from '../core/validation-report.js';
import { SH } from '../rdf/namespaces.js';
import { fallbackMessage, shortName } from './fallback-message.js';
import { UnionGraph } from './union-graph.js';

const SEVERITY: Record<string, Severity> = { [SH.Violation]: 'violation', [SH.Warning]: 'warning', [SH.Info]: 'info' };

/** `_:label` for blank nodes, the IRI or lexical form otherwise. */
function termId(term: Term): string {
  return term.termType === 'BlankNode' ? `_:${term.value}` : term.value;
}

/** A path as an IRI; a complex path (alternative, sequence, inverse) in SPARQL property-path syntax. */
function pathText(path: Term, shapes: Store): string {
  if (path.termType === 'NamedNode') return path.value;
  const alternative = shapes.getObjects(path, SH.$base + 'alternativePath', null)[0];
  if (alternative) return listItems(alternative, shapes).map((t) => pathText(t, shapes)).join('|');
  const inverse = shapes.getObjects(path, SH.$base + 'inversePath', null)[0];
  if (inverse) return `^${pathText(inverse, shapes)}`;
  const items = listItems(path, shapes);
  if (items.length > 0) return items.map((t) => pathText(t, shapes)).join('/');
  return termId(path);
}

function listItems(list: Term, shapes: Store): Term[] {
  const out: Term[] = [];
  let node: Term | undefined = list;
  while (node && node.value !== 'http://www.w3.org/1999/02/22-rdf-syntax-ns#nil' && out.length < 100) {
    const first = shapes.getObjects(node, 'http://www.w3.org/1999/02/22-rdf-syntax-ns#first', null)[0];
    if (!first) break;
    out.push(first);
    node = shapes.getObjects(node, 'http://www.w3.org/1999/02/22-rdf-syntax-ns#rest', null)[0];
  }
  return out;
}

function pickLanguage(messages: readonly Term[], languages: readonly string[]): string | undefined {
  for (const lang of languages) {
    const m = messages.find((t) => t.termType === 'Literal' && t.language.toLowerCase() === lang);
    if (m) return m.value;
  }
  return undefined;
}

/**
 * One validation profile, compiled once: its shapes parsed into a SHACL validator, the shared
 * background vocabularies, and the mapping of SHACL results into the catalog's report.
 * Each call validates one data graph (a record or a whole document) seen together with the
 * background; the background is never copied.
 */
export class ShaclEngine {
  readonly #validator: SHACLValidator;
  readonly #shapes: Store;

  constructor(
    readonly profile: string,
    shapes: readonly Quad[],
    private readonly background: Store,
  ) {
    this.#shapes = new Store([...shapes]);
    this.#validator = new SHACLValidator(this.#shapes);
  }

  /** Validates the quads as one graph (graph names are ignored). */
  async validate(quads: Iterable<Quad>): Promise<ValidationReport> {
    const own = new Store();
    for (const q of quads) own.addQuad(q.subject, q.predicate, q.object, DataFactory.defaultGraph());
    return this.validateStore(own);
  }

  async validateStore(own: Store): Promise<ValidationReport> {
    const report = await this.#validator.validate(new UnionGraph(own, this.background));
    const results: ValidationResult[] = report.results.map((r) => this.#toResult(r));
    const counts = { violation: 0, warning: 0, info: 0 };
    for (const r of results) counts[r.severity]++;
    return { profile: this.profile, conforms: counts.violation === 0, counts, results };
  }

  #toResult(r: ShaclResult): ValidationResult {
    const severity = SEVERITY[r.severity?.value ?? SH.Violation] ?? 'violation';
    const path = r.path ? pathText(r.path, this.#shapes) : undefined;
    const constraint = r.sourceConstraintComponent?.value;
    const shape = r.sourceShape ?? undefined;
    const messages = r.message;
    const nb = pickLanguage(messages, ['nb', 'no', 'nn']);
    const en = pickLanguage(messages, ['en']);
    let message: LocalisedText;
    if (nb !== undefined && en !== undefined) {
      message = { nb, en };
    } else {
      const generated = fallbackMessage(constraint, path === undefined ? undefined : path.includes('|') || path.includes('/') ? path : shortName(path), (p) =>
        shape ? (this.#shapes.getObjects(shape, p, null)[0] ?? undefined) : undefined,
      );
      message = { nb: nb ?? generated.nb, en: en ?? generated.en };
    }
    return {
      severity,
      focusNode: r.focusNode ? termId(r.focusNode) : '',
      ...(path !== undefined ? { path } : {}),
      ...(r.value ? { value: termId(r.value) } : {}),
      message,
      ...(shape && shape.termType === 'NamedNode' ? { sourceShape: shape.value } : {}),
      ...(constraint !== undefined ? { constraint } : {}),
    };
  }
}
