import type * as RDF from '@rdfjs/types';
import { DataFactory } from 'n3';

/**
 * Blank-node labels of one parse. A label written in the document (`_:x`, `rdf:nodeID="x"`, JSON-LD's
 * issued `_:b0`) becomes `prefix + label`: stable within the document, distinct across parses with
 * different prefixes (the caller parses several Hydra pages into one graph). A node the document leaves
 * anonymous (`[]`, a nested rdf:Description) becomes `prefix + '-' + n`; no document label starts with
 * '-', so the two never collide.
 */

const PREFIX_PATTERN = /^[A-Za-z0-9_][A-Za-z0-9_.-]*$/;
let defaultPrefixes = 0;

/** The prefix to use: the caller's (checked) or a fresh `b<n>_`, unique in this process. */
export function blankNodePrefixFor(requested: string | undefined): string {
  if (requested === undefined) return `b${defaultPrefixes++}_`;
  if (!PREFIX_PATTERN.test(requested)) {
    throw new TypeError(`blankNodePrefix ${JSON.stringify(requested)} is not usable: use letters, digits, '_', '-' and '.', not starting with '-' or '.'.`);
  }
  return requested;
}

/**
 * An RDF/JS data factory (n3's terms) whose blank nodes follow the rule above. With `prefixLabels`
 * false, labels passed in are taken as already prefixed (n3 prefixes them itself).
 */
export function blankNodeFactory(prefix: string, prefixLabels: boolean): RDF.DataFactory {
  let anonymous = 0;
  return {
    namedNode: DataFactory.namedNode,
    blankNode: (label?: string) =>
      DataFactory.blankNode(label === undefined ? `${prefix}-${anonymous++}` : prefixLabels ? prefix + label : label),
    literal: DataFactory.literal,
    variable: DataFactory.variable,
    defaultGraph: DataFactory.defaultGraph,
    quad: DataFactory.quad,
    fromTerm: DataFactory.fromTerm,
    fromQuad: DataFactory.fromQuad,
  } as RDF.DataFactory;
}
