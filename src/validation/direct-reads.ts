import type { DatasetCore, NamedNode, Term } from '@rdfjs/types';
import { DataFactory } from 'n3';
import type SHACLValidator from 'rdf-validate-shacl';
import { isInstanceOf, rdfListToArray } from 'rdf-validate-shacl/src/dataset-utils.js';
import { getPathObjects, type ShaclPropertyPath } from 'rdf-validate-shacl/src/property-path.js';
import type { Constraint, Shape } from 'rdf-validate-shacl/src/shapes-graph.js';
import { RDF, RDFS, SH } from '../rdf/namespaces.js';
import { anyTermKey } from '../rdf/term-key.js';

/**
 * The objects of `focus` along a single-predicate path, each once, in the order the data graph gives
 * them: what rdf-validate-shacl 0.6's `getPathObjects` answers for such a path (a clownface pointer,
 * a context per object, an array of terms and a term set keyed by N-Triples text, for every property
 * shape and every focus node), read straight from the graph.
 */
export function namedPathValues(data: DatasetCore, focus: Term, path: NamedNode): Term[] {
  const values: Term[] = [];
  let seen: Set<string> | undefined;
  for (const quad of data.match(focus, path, null)) {
    if (values.length === 0) {
      values.push(quad.object);
      continue;
    }
    seen ??= new Set(values.map(anyTermKey));
    const key = anyTermKey(quad.object);
    if (seen.has(key)) continue;
    seen.add(key);
    values.push(quad.object);
  }
  return values;
}

/** Adds a term to a map keyed by term unless a term equal to it is there (the order of a library NodeSet). */
function addOnce(into: Map<string, Term>, term: Term): void {
  const key = anyTermKey(term);
  if (!into.has(key)) into.set(key, term);
}

const TYPE = DataFactory.namedNode(RDF.type);
const SUB_CLASS_OF = DataFactory.namedNode(RDFS.subClassOf);

/**
 * The classes below `cls` along rdfs:subClassOf in the data graph, each once, in the order
 * rdf-validate-shacl 0.6's `getSubClassesOf` gives them (the direct ones, then below each of them in
 * turn). The library follows a cycle (`A ⊑ B ⊑ A`, which any harvested record may state) until the
 * stack overflows, failing the whole validation; here a cycle ends where it comes back. Each class's
 * list is made once per call (`made`): walked path by path, a lattice of classes each below two others
 * is walked once per path, 2^depth times (depth 22, 93 triples, took 9.8 s; depth 30 would take 40
 * minutes). In a cycle, a class's list made while a class above it was being made lacks that class; the
 * set at the top is the same, only its order may differ from the library's.
 */
function subClassesOf(data: DatasetCore, cls: Term, above: Set<string> = new Set(), made: Map<string, Term[]> = new Map()): Term[] {
  const own = anyTermKey(cls);
  const known = made.get(own);
  if (known !== undefined) return known;
  const found = new Map<string, Term>();
  for (const q of data.match(null, SUB_CLASS_OF, cls)) addOnce(found, q.subject);
  above.add(own);
  for (const [key, sub] of [...found]) {
    if (above.has(key)) continue;
    for (const below of subClassesOf(data, sub, above, made)) addOnce(found, below);
  }
  above.delete(own);
  const list = [...found.values()];
  made.set(own, list);
  return list;
}

/** A class and the classes below it, as `getInstancesOf` and `isInstanceOf` take them, per data graph (a graph never changes while it is validated). */
class ClassesBelow {
  readonly #of = new WeakMap<DatasetCore, Map<string, Term[]>>();

  /** `cls`'s subclasses, then `cls` (unless among them): the order of the library's class set. */
  of(data: DatasetCore, cls: Term): Term[] {
    let known = this.#of.get(data);
    if (known === undefined) this.#of.set(data, (known = new Map()));
    const key = anyTermKey(cls);
    let classes = known.get(key);
    if (classes === undefined) {
      classes = subClassesOf(data, cls);
      if (!classes.some((c) => anyTermKey(c) === key)) classes.push(cls);
      known.set(key, classes);
    }
    return classes;
  }

  /** Whether `value` has `cls` or a class below it as rdf:type (`isInstanceOf`). */
  has(data: DatasetCore, value: Term, cls: Term): boolean {
    const types = [...data.match(value, TYPE, null)];
    if (types.length === 0) return false;
    const classes = new Set(this.of(data, cls).map(anyTermKey));
    return types.some((q) => classes.has(anyTermKey(q.object)));
  }

  /** The instances of `cls` and of every class below it, each once, in the library's order (`getInstancesOf`). */
  instances(data: DatasetCore, cls: Term, into: Map<string, Term>): void {
    for (const c of this.of(data, cls)) for (const q of data.match(null, TYPE, c)) addOnce(into, q.subject);
  }
}

/**
 * A shape's focus nodes as the library's `Shape.getTargetNodes` finds them, in its order, with the
 * shape's targets read from the shapes graph once instead of at every validation.
 */
function targetsOf(validator: SHACLValidator, shape: Shape, classes: ClassesBelow): (data: DatasetCore) => Term[] {
  const shapes = validator.$shapes;
  const objects = (p: string): Term[] => [...shapes.dataset.match(shape.shapeNode, DataFactory.namedNode(SH.$base + p), null)].map((q) => q.object);
  const targetClasses = [
    ...(isInstanceOf(shapes.node(shape.shapeNode), shapes.node(DataFactory.namedNode(RDFS.Class)), validator.ns) ? [shape.shapeNode] : []),
    ...objects('targetClass'),
  ];
  const targetNodes = objects('targetNode');
  const subjectsOf = objects('targetSubjectsOf');
  const objectsOf = objects('targetObjectsOf');
  return (data) => {
    const found = new Map<string, Term>();
    for (const cls of targetClasses) classes.instances(data, cls, found);
    for (const node of targetNodes) addOnce(found, node);
    for (const p of subjectsOf) for (const q of data.match(null, p, null)) addOnce(found, q.subject);
    for (const p of objectsOf) for (const q of data.match(null, p, null)) addOnce(found, q.object);
    return [...found.values()];
  };
}

const isNamedPath = (path: ShaclPropertyPath | null): path is NamedNode => path !== null && 'termType' in path && path.termType === 'NamedNode';

/** A validation function as the library binds it to its validator: (focus node, value node, constraint). */
type Bound = (focusNode: Term, valueNode: Term, constraint: Constraint) => ReturnType<Constraint['validationFunction']>;

/**
 * Makes a validator read what it checks the short way, with the same answers as the library's
 * (rdf-validate-shacl 0.6). Most of what a validation worker allocated, and so much of the collector's
 * work beside it, went to reads the library makes again for every focus node through clownface
 * pointers and term sets:
 *
 * - the value nodes of a property shape whose path is one predicate (every property shape of the
 *   DCAT-AP-NO, SKOS-AP-NO and ModellDCAT-AP-NO profiles), once for the shape and again for each of
 *   `sh:minCount` and `sh:maxCount`: read straight from the data graph (`namedPathValues`);
 * - the RDF list of `sh:or`, `sh:and`, `sh:xone` and `sh:languageIn`, walked at each value: read once
 *   per list (by the library's own `rdfListToArray`), since the shapes graph never changes;
 * - the classes below a class (`sh:class`, `sh:targetClass`, a shape that is a class): once per data
 *   graph, ending at a cycle, where the library overflowed its stack (`subClassesOf`); and a shape's
 *   targets, read from the shapes graph once (`targetsOf`).
 *
 * Other paths (sequences, alternatives, inverses, `*`, `+`, `?`) and a shape whose path `sh:and`
 * overrides go through the library as before. The validators keep the library's own logic, order and
 * answers; only where they read their inputs from changes.
 */
export function readValuesDirectly(validator: SHACLValidator): void {
  const graph = validator.shapesGraph;
  const values = (shape: Shape, focus: Term): Term[] => {
    const path = shape.pathObject;
    if (isNamedPath(path)) return namedPathValues(validator.$data.dataset, focus, path);
    return path === null ? [focus] : getPathObjects(validator.$data, focus, path);
  };

  const classes = new ClassesBelow();

  // Shapes are made on demand: each one gets the direct reads as it is made.
  const libraryShape = graph.getShape.bind(graph);
  const direct = new WeakSet<Shape>();
  graph.getShape = (node) => {
    const shape = libraryShape(node);
    if (!direct.has(shape)) {
      direct.add(shape);
      const path = shape.pathObject;
      if (isNamedPath(path)) shape.getValueNodes = (focus, dataGraph) => namedPathValues(dataGraph.dataset, focus, path);
      const targets = targetsOf(validator, shape, classes);
      shape.getTargetNodes = (dataGraph) => targets(dataGraph.dataset);
    }
    return shape;
  };

  const lists = new Map<string, Term[]>();
  const list = (head: Term): Term[] => {
    const key = anyTermKey(head);
    let items = lists.get(key);
    if (items === undefined) {
      items = rdfListToArray(validator.$shapes.node(head));
      lists.set(key, items);
    }
    return items;
  };
  const conforms = (value: Term, shape: Term, path?: ShaclPropertyPath): boolean =>
    path === undefined ? validator.nodeConformsToShape(value, shape) : validator.nodeConformsToShape(value, shape, path as Term);

  /** Gives the component of parameter `sh:<name>` a new function, which gets that parameter's value of each constraint. */
  const replace = (name: string, of: 'property' | 'both', fn: (focus: Term, value: Term, constraint: Constraint, parameter: Term) => ReturnType<Bound>): void => {
    const parameter = DataFactory.namedNode(SH.$base + name);
    const component = graph.getComponentWithParameter(parameter);
    if (component === undefined) return;
    const bound: Bound = (focus, value, constraint) => fn(focus, value, constraint, constraint.getParameterValue(parameter));
    component.propertyValidationFunction = bound;
    if (of === 'both') component.nodeValidationFunction = bound;
  };

  // validators.js: validateMinCount, validateMaxCount (property shapes only).
  replace('minCount', 'property', (focus, _value, constraint, min) => values(constraint.shape, focus).length >= Number(min.value));
  replace('maxCount', 'property', (focus, _value, constraint, max) => {
    const count = values(constraint.shape, focus).length;
    return max && count <= Number(max.value);
  });
  // validateClass (generic).
  replace('class', 'both', (_focus, value, _constraint, cls) => classes.has(validator.$data.dataset, value, cls));
  // validateOr, validateAnd, validateXone, validateLanguageIn (generic: node and property shapes alike).
  replace('or', 'both', (_focus, value, _constraint, or) => list(or).some((shape) => conforms(value, shape)));
  replace('and', 'both', (focus, value, constraint, and) =>
    list(and).every((shape) => (constraint.shape.isPropertyShape ? conforms(focus, shape, constraint.pathObject) : conforms(value, shape))),
  );
  replace('xone', 'both', (_focus, value, _constraint, xone) => list(xone).map((shape) => conforms(value, shape)).filter(Boolean).length === 1);
  replace('languageIn', 'both', (_focus, value, _constraint, languageIn) => {
    if (value.termType !== 'Literal') return false;
    const language = value.language;
    if (!language || language === '') return false;
    return list(languageIn).some((allowed) => language.startsWith(allowed.value));
  });
}
