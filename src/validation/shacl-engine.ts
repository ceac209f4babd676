import type { DatasetCore, NamedNode, Quad, Term } from '@rdfjs/types';
import { DataFactory } from 'n3';
import SHACLValidator from 'rdf-validate-shacl';
import defaultEnvironment from 'rdf-validate-shacl/src/defaultEnv.js';
import type ValidationEngine from 'rdf-validate-shacl/src/validation-engine.js';
import type { ValidationResult as ShaclResult } from 'rdf-validate-shacl/src/validation-report.js';
import type { Shape } from 'rdf-validate-shacl/src/shapes-graph.js';
import type { LocalisedText, Severity, ValidationReport, ValidationResult } from '../core/validation-report.js';
import { OWL, RDF, RDFS, SH, XSD } from '../rdf/namespaces.js';
import { anyTermKey } from '../rdf/term-key.js';
import type { RecordTerms } from './disjoint-groups.js';
import { readValuesDirectly } from './direct-reads.js';
import { fallbackMessage, shortName } from './fallback-message.js';
import { IndexedDataset } from './indexed-dataset.js';
import { UnionGraph } from './union-graph.js';

/**
 * rdf-validate-shacl's RDF/JS environment with our IndexedDataset as the dataset factory: the shapes
 * graph and the report graphs it builds for every result and every nested check answer `match`
 * from plain indexes (about twice as fast as @rdfjs/dataset here).
 */
export const environment = defaultEnvironment.clone();
(environment as unknown as { dataset: (quads?: Iterable<Quad>) => IndexedDataset }).dataset = (quads) => new IndexedDataset(quads);

/** A namespace as @rdfjs/namespace makes one: `ns('x')` and `ns.x` are the IRI base + `x`. */
type Namespace = (local?: string | { raw: string }) => NamedNode;

/**
 * The environment's namespaces, each built once, each of its terms made once. Every clownface
 * pointer the engine makes (about 400 per record: several for each value node and path step) builds
 * the namespaces it might need (clownface 2's `namespace.js`: rdf and xsd through
 * `environment.namespace`, and reads four terms of them): a new proxy and new terms each time were
 * about a twelfth of a validation worker's CPU. The terms are the same as before (the environment's
 * named nodes of the same IRIs), shared.
 *
 * As @rdfjs/namespace's, any property of a namespace is a term; here a property read once is kept as
 * the builder's own property (a plain property read from then on, no proxy trap): the proxy sits
 * behind it, as its prototype, for the names not read yet.
 */
function onceBuiltNamespaces(factory: { namedNode: (iri: string) => NamedNode }): (base: string) => Namespace {
  const namespaces = new Map<string, Namespace>();
  return (base) => {
    let namespace = namespaces.get(base);
    if (namespace === undefined) {
      const terms = new Map<string, NamedNode>();
      const builder: Namespace = (local = '') => {
        const name = typeof local === 'string' ? local : `${local.raw || (local as unknown as string)}`;
        let term = terms.get(name);
        if (term === undefined) {
          term = factory.namedNode(`${base}${name}`);
          if (terms.size < NAMESPACE_TERMS) terms.set(name, term);
        }
        return term;
      };
      // A function's own `length` and `name` would hide the terms of those names.
      for (const own of ['length', 'name']) Reflect.deleteProperty(builder, own);
      let kept = 0;
      const unread = new Proxy(Object.create(null) as object, {
        get: (_target, property) => {
          const term = builder(property as string);
          if (kept++ < NAMESPACE_TERMS) Object.defineProperty(builder, property, { value: term, enumerable: true });
          return term;
        },
      });
      Object.setPrototypeOf(builder, unread);
      namespace = builder;
      namespaces.set(base, namespace);
    }
    return namespace;
  };
}
/** Terms kept per namespace: the engine's own few; any others are made each time. */
const NAMESPACE_TERMS = 64;
(environment as unknown as { namespace: (base: string) => Namespace }).namespace = onceBuiltNamespaces(environment as unknown as { namedNode: (iri: string) => NamedNode });

/**
 * A validator's own namespaces (`validator.ns`), each term made once. The library builds them with
 * @rdfjs/namespace, which makes a new term at every read: `sh.PropertyConstraintComponent`, read for
 * every constraint of every focus node, was most of the terms a validation worker made.
 */
const VALIDATOR_NAMESPACES = (() => {
  const namespace = (environment as unknown as { namespace: (base: string) => Namespace }).namespace;
  return {
    sh: namespace(SH.$base),
    xsd: namespace(XSD.$base),
    rdf: namespace(RDF.$base),
    rdfs: namespace(RDFS.$base),
    owl: namespace(OWL.$base),
  } as unknown as SHACLValidator['ns'];
})();

const SEVERITY: Record<string, Severity> = { [SH.Violation]: 'violation', [SH.Warning]: 'warning', [SH.Info]: 'info' };

function objectOf(graph: IndexedDataset, subject: Term, predicateIri: string): Term | undefined {
  return graph.find(subject, DataFactory.namedNode(predicateIri), null)[0]?.object;
}

/** `_:label` for blank nodes, the IRI or lexical form otherwise. */
function termId(term: Term): string {
  return term.termType === 'BlankNode' ? `_:${term.value}` : term.value;
}

/** A path as an IRI; a complex path (alternative, sequence, inverse) in SPARQL property-path syntax. */
function pathText(path: Term, shapes: IndexedDataset, name: (iri: string) => string = (iri) => iri): string {
  if (path.termType === 'NamedNode') return name(path.value);
  const alternative = objectOf(shapes, path, SH.$base + 'alternativePath');
  if (alternative) return listItems(alternative, shapes).map((t) => pathText(t, shapes, name)).join('|');
  const inverse = objectOf(shapes, path, SH.$base + 'inversePath');
  if (inverse) return `^${pathText(inverse, shapes, name)}`;
  const items = listItems(path, shapes);
  if (items.length > 0) return items.map((t) => pathText(t, shapes, name)).join('/');
  return termId(path);
}

function listItems(list: Term, shapes: IndexedDataset): Term[] {
  const out: Term[] = [];
  let node: Term | undefined = list;
  while (node && node.value !== RDF.nil && out.length < 100) {
    const first = objectOf(shapes, node, RDF.first);
    if (!first) break;
    out.push(first);
    node = objectOf(shapes, node, RDF.rest);
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

/** The constraint parameters a shape may have for `plainJudge` to judge it. */
const PLAIN_PARAMETERS = new Set([SH.$base + 'datatype', SH.$base + 'languageIn', SH.$base + 'nodeKind', SH.$base + 'closed']);
/** What else such a shape may say: nothing that is a constraint. */
const PLAIN_ANNOTATIONS = new Set([RDF.type, 'http://www.w3.org/2000/01/rdf-schema#label', 'http://www.w3.org/2000/01/rdf-schema#comment']);
const NODE_KINDS: Readonly<Record<string, readonly Term['termType'][]>> = {
  IRI: ['NamedNode'],
  BlankNode: ['BlankNode'],
  Literal: ['Literal'],
  BlankNodeOrIRI: ['BlankNode', 'NamedNode'],
  BlankNodeOrLiteral: ['BlankNode', 'Literal'],
  IRIOrLiteral: ['NamedNode', 'Literal'],
};

/** Whether a value conforms to a shape: known at once, or (undefined) left to the engine. */
type PlainJudge = (value: Term, data: DatasetCore) => boolean | undefined;

/**
 * A shape whose only parameters are sh:datatype, sh:languageIn, sh:nodeKind and sh:closed (without
 * properties or ignored properties) judges a value by its term and by whether the data describes it:
 * the value shapes of qualified counts, the alternatives of sh:or, `:BareReference`. The judge
 * answers as the engine's own validators would (rdf-validate-shacl 0.6: `validateDatatype`,
 * `validateLanguageIn`, `validateNodeKind`, `validateClosed`), and leaves to the engine a value whose
 * datatype matches, since the engine also checks the lexical form.
 */
function plainJudge(shape: Term, shapes: IndexedDataset): PlainJudge | undefined {
  const own = shapes.find(shape, null, null);
  if (own.length === 0 || own.some((q) => !PLAIN_PARAMETERS.has(q.predicate.value) && !PLAIN_ANNOTATIONS.has(q.predicate.value))) return undefined;
  const single = (p: string): Term | undefined | null => {
    const values = own.filter((q) => q.predicate.value === SH.$base + p);
    return values.length > 1 ? null : values[0]?.object;
  };
  const datatype = single('datatype');
  const nodeKind = single('nodeKind');
  const languageIn = single('languageIn');
  const closed = single('closed');
  if (datatype === null || nodeKind === null || languageIn === null || closed === null) return undefined;
  if (datatype !== undefined && datatype.termType !== 'NamedNode') return undefined;
  const languages = languageIn === undefined ? undefined : listItems(languageIn, shapes).map((t) => t.value);
  const kinds = nodeKind === undefined ? undefined : NODE_KINDS[nodeKind.value.slice(SH.$base.length)];
  if (nodeKind !== undefined && (kinds === undefined || !nodeKind.value.startsWith(SH.$base))) return undefined;
  const isClosed = closed !== undefined && closed.termType === 'Literal' && closed.value === 'true' && closed.datatype.value === 'http://www.w3.org/2001/XMLSchema#boolean';
  return (value, data) => {
    if (datatype !== undefined && (value.termType !== 'Literal' || value.datatype.value !== datatype.value)) return false;
    if (languages !== undefined && (value.termType !== 'Literal' || !value.language || !languages.some((l) => value.language.startsWith(l)))) return false;
    if (kinds !== undefined && !kinds.includes(value.termType)) return false;
    if (isClosed && data.match(value, null, null).size > 0) return false;
    return datatype === undefined ? true : undefined;
  };
}

/**
 * Every nested check (`sh:or`, `sh:node` as a condition, qualified value shapes) makes the engine
 * build a new validation engine with two report graphs: most of the validation time of a concept. A
 * plain shape (see `plainJudge`) is answered at once, with the answer the engine gives: the `nn` and
 * `en` terms tested against the "preferred term in `nb`" shape, a link to a resource not described here
 * tested against `:BareReference`.
 */
function judgePlainShapesAtOnce(validator: SHACLValidator, shapes: IndexedDataset): void {
  const judges = new Map<string, PlainJudge>();
  for (const q of shapes.find(null, null, null)) {
    const key = anyTermKey(q.subject);
    if (!judges.has(key) && PLAIN_PARAMETERS.has(q.predicate.value)) {
      const judge = plainJudge(q.subject, shapes);
      if (judge !== undefined) judges.set(key, judge);
    }
  }
  if (judges.size === 0) return;
  const engine = validator as unknown as NestedChecks;
  const general = engine.nodeConformsToShape.bind(validator);
  engine.nodeConformsToShape = (focus, shape, pathOrEngine) => {
    // Only the plain nested check (no path override, no engine whose report takes the results).
    if (pathOrEngine === undefined) {
      const known = judges.get(anyTermKey(shape))?.(focus, engine.$data.dataset);
      if (known !== undefined) return known;
    }
    return general(focus, shape, pathOrEngine);
  };
}

/** The parts of rdf-validate-shacl 0.6's SHACLValidator that nested checks go through. */
interface NestedChecks {
  nodeConformsToShape: (focus: Term, shape: Term, pathOrEngine?: unknown) => boolean;
  readonly $data: { readonly dataset: DatasetCore };
  readonly shapesGraph: { getShape(shape: Term): unknown };
  readonly validationEngine: ValidationEngine;
  depth: number;
}

/**
 * Whether a validator's output is a failure: rdf-validate-shacl 0.6's
 * `ValidationEngine.normalizeValidationResult` makes a result of exactly these (false, a message, a
 * result object) and none of `true` or `undefined`.
 */
function isFailure(output: unknown): boolean {
  return output === false || typeof output === 'string' || (typeof output === 'object' && output !== null);
}

/**
 * A nested check (`sh:or`, `sh:not`, `sh:xone`, a qualified value shape, `sh:and` of a node shape)
 * asks only whether a value conforms: the library builds a new validation engine for it, with two
 * report graphs, and a result node with its message and copied shape structure for each failure, all
 * thrown away with the engine. About a third of a dataset's validation CPU went there.
 *
 * This answers the same question with one engine that keeps no report: the library's own walk over
 * the shape (`validateNodeAgainstShape`: its property shapes, constraints and value nodes, the same
 * validators in the same order), with a failure counted where the library would create a result.
 * Nothing of a thrown-away engine was ever seen outside it (its report, nested results and counters
 * are its own; deeper checks go through the validator again, as before), so verdicts and reports are
 * the same. The engine keeps no state between calls, so nested checks within nested checks share it.
 * Left to the library: a check with a path override (`sh:and` of a property shape) or an engine of
 * its own (`sh:node`, whose failures become details), and validators with error or node-check limits.
 */
function checkNestedShapesWithoutReports(validator: SHACLValidator): void {
  const checks = validator as unknown as NestedChecks;
  const root = checks.validationEngine;
  // A limit on errors or node checks counts per engine: keep the library's engine per check then.
  if (root.maxErrors || root.maxNodeChecks > 0) return;
  const quiet = root.clone();
  quiet.validateValueNodeAgainstConstraint = (focusNode, valueNode, constraint) => {
    const output = constraint.validate!(focusNode, valueNode as Term);
    return Array.isArray(output) ? output.some(isFailure) : isFailure(output);
  };
  const general = checks.nodeConformsToShape.bind(validator);
  checks.nodeConformsToShape = (focus, shapeNode, pathOrEngine) => {
    if (pathOrEngine !== undefined) return general(focus, shapeNode, pathOrEngine);
    const shape = checks.shapesGraph.getShape(shapeNode) as Shape;
    checks.depth++;
    try {
      return !quiet.validateNodeAgainstShape(focus, shape, checks.$data as unknown as Parameters<ValidationEngine['validateNodeAgainstShape']>[2]);
    } finally {
      checks.depth--;
    }
  };
}

/**
 * One validation profile, compiled once: its shapes parsed into a SHACL validator, the shared
 * background vocabularies, and the mapping of SHACL results into the catalog's report.
 * Each call validates one data graph (a record or a whole document) seen together with the
 * background; the background is never copied.
 */
export class ShaclEngine {
  readonly #validator: SHACLValidator;
  readonly #shapes: IndexedDataset;
  /**
   * Whether records may be validated together (see disjoint-groups.ts): not when a shape follows an
   * inverse path, which would reach from one record's node into another record.
   */
  readonly groupable: boolean;
  /** The predicates of `sh:targetObjectsOf`: their objects are focus nodes. */
  readonly targetObjectsOf: ReadonlySet<string>;
  readonly #targetNodes: ReadonlySet<string>;
  #background: IndexedDataset;

  constructor(
    readonly profile: string,
    shapes: readonly Quad[],
    background: IndexedDataset,
  ) {
    this.#background = background;
    this.#shapes = new IndexedDataset(shapes);
    // maxNodeChecks guards against shapes that recurse through sh:node; ours do not, and the guard
    // (a JSON key per focus node and shape) costs a fifth of the validation time.
    this.#validator = new SHACLValidator(this.#shapes, { factory: environment, maxNodeChecks: 0 } as ConstructorParameters<typeof SHACLValidator>[1]);
    this.#validator.ns = VALIDATOR_NAMESPACES;
    readValuesDirectly(this.#validator);
    checkNestedShapesWithoutReports(this.#validator);
    judgePlainShapesAtOnce(this.#validator, this.#shapes);
    const objectsOf = (p: string): Term[] => this.#shapes.find(null, DataFactory.namedNode(SH.$base + p), null).map((q) => q.object);
    this.groupable = objectsOf('inversePath').length === 0;
    this.targetObjectsOf = new Set(objectsOf('targetObjectsOf').map((t) => t.value));
    this.#targetNodes = new Set(objectsOf('targetNode').map(anyTermKey));
  }

  /** The profile's shapes graph (read-only). */
  get shapes(): IndexedDataset {
    return this.#shapes;
  }

  /**
   * Validates from now on with another background (the bundled vocabularies with harvested reference
   * data): a validation already running keeps the one it started with.
   */
  useBackground(background: IndexedDataset): void {
    this.#background = background;
  }

  /** Validates the quads as one graph (graph names are ignored). */
  async validate(quads: Iterable<Quad>): Promise<ValidationReport> {
    const own = new IndexedDataset();
    for (const q of quads) own.add(q.graph.termType === 'DefaultGraph' ? q : DataFactory.quad(q.subject, q.predicate, q.object));
    return this.validateDataset(own);
  }

  /** Validates a dataset the caller built (it must not change during the call). */
  async validateDataset(own: IndexedDataset): Promise<ValidationReport> {
    const report = await this.#validator.validate(new UnionGraph(own, this.#background));
    return this.#report(report.results.map((r) => this.#toResult(r)));
  }

  /**
   * Validates records that disjointGroups put together as one data graph (far cheaper than one call
   * each) and gives each record the results it gets alone. A result about a node goes to the members
   * that describe it (disjointGroups has seen that they describe it alike); a node no member describes
   * is a focus node only as the object of a `sh:targetObjectsOf` predicate (it goes to the members with
   * such a triple) or as a `sh:targetNode` (every record alone reports it).
   */
  async validateGroup(records: readonly { readonly quads: readonly Quad[]; readonly terms: RecordTerms }[]): Promise<ValidationReport[]> {
    if (records.length === 1) return [await this.validate(records[0]!.quads)];
    const own = new IndexedDataset();
    for (const record of records) for (const q of record.quads) own.add(q.graph.termType === 'DefaultGraph' ? q : DataFactory.quad(q.subject, q.predicate, q.object));
    const report = await this.#validator.validate(new UnionGraph(own, this.#background));
    const perRecord: ValidationResult[][] = records.map(() => []);
    const everyRecord = records.map((_, i) => i);
    const owners = this.#ownersOf(records);
    for (const r of report.results) {
      const result = this.#toResult(r);
      for (const i of r.focusNode ? owners(anyTermKey(r.focusNode)) : everyRecord) perRecord[i]!.push(result);
    }
    return perRecord.map((results) => this.#report(results));
  }

  /**
   * Which records of a group a result's focus node belongs to: every record for a `sh:targetNode`, those that
   * describe it, else those naming it through a `sh:targetObjectsOf` predicate, else every record. Each focus is
   * answered once, and the objects of those predicates are indexed once (each result scanned every quad of the
   * group: results × quads).
   */
  #ownersOf(records: readonly { readonly quads: readonly Quad[]; readonly terms: RecordTerms }[]): (focus: string) => number[] {
    const all = records.map((_, i) => i);
    const known = new Map<string, number[]>();
    let targeting: Map<string, number[]> | undefined;
    const targetingOf = (focus: string): number[] | undefined => {
      if (targeting === undefined) {
        targeting = new Map();
        records.forEach((record, i) => {
          for (const q of record.quads) {
            if (!this.targetObjectsOf.has(q.predicate.value)) continue;
            const key = anyTermKey(q.object);
            const list = targeting!.get(key);
            if (list === undefined) targeting!.set(key, [i]);
            else if (list[list.length - 1] !== i) list.push(i);
          }
        });
      }
      return targeting.get(focus);
    };
    return (focus) => {
      let owners = known.get(focus);
      if (owners === undefined) {
        if (this.#targetNodes.has(focus)) owners = all;
        else {
          const describing = all.filter((i) => records[i]!.terms.subjects.has(focus));
          owners = describing.length > 0 ? describing : (targetingOf(focus) ?? all);
        }
        known.set(focus, owners);
      }
      return owners;
    };
  }

  #report(results: ValidationResult[]): ValidationReport {
    const counts = { violation: 0, warning: 0, info: 0 };
    for (const r of results) counts[r.severity]++;
    return { profile: this.profile, conforms: counts.violation === 0, counts, results };
  }

  #toResult(r: ShaclResult): ValidationResult {
    const severity = SEVERITY[r.severity?.value ?? SH.Violation] ?? 'violation';
    const path = r.path ? pathText(r.path, this.#shapes) : undefined;
    const constraint = r.sourceConstraintComponent?.value;
    const shape = r.sourceShape ?? undefined;
    // A validator that returns its own text (sh:uniqueLang does: 'Language "nb" has been used by 2
    // values') hides the shape's sh:message from the result; the shape's own messages come next.
    const shapeMessages = shape ? this.#shapes.find(shape, DataFactory.namedNode(SH.$base + 'message'), null).map((q) => q.object) : [];
    const nb = pickLanguage(r.message, ['nb', 'no', 'nn']) ?? pickLanguage(shapeMessages, ['nb', 'no', 'nn']);
    const en = pickLanguage(r.message, ['en']) ?? pickLanguage(shapeMessages, ['en']);
    let message: LocalisedText;
    if (nb !== undefined && en !== undefined) {
      message = { nb, en };
    } else {
      const generated = fallbackMessage(constraint, r.path ? pathText(r.path, this.#shapes, shortName) : undefined, (p) =>
        shape ? objectOf(this.#shapes, shape, p) : undefined,
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
