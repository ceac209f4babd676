import { createHash } from 'node:crypto';
import type * as RDF from '@rdfjs/types';
import { DataFactory, Literal } from 'n3';
import { XSD } from './namespaces.js';
import { V8_HASHED_CHARS } from '../core/hashable-key.js';

/**
 * Blank-node labels of one parse. A label written in the document (`_:x`, `rdf:nodeID="x"`, JSON-LD's
 * issued `_:b0`) becomes `prefix + label`: stable within the document, distinct across parses with
 * different prefixes (the caller parses several Hydra pages into one graph). A node the document leaves
 * anonymous (`[]`, a nested rdf:Description) becomes `prefix + '-' + n`; no document label starts with
 * '-', so the two never collide.
 */

/** IRIs (and short literals) whose term objects one parse shares, at most (a bound on the tables, not on the document). */
const MAX_SHARED_IRIS = 1 << 20;

/** Literals up to this long (their id: quotes, text, language or datatype IRI) share one term per parse. */
const MAX_SHARED_LITERAL_CHARS = 96;

/**
 * V8 hashes a string by its length alone past this many characters, so every map keyed by IRIs (the
 * parsed graph's subjects, the split's tables) puts such IRIs in one bucket and compares each new one
 * with all the others: 4 000 subjects with 17 000-character IRIs (a long `@prefix`, 125 KB of Turtle)
 * took 89 s to parse.
 */
export const LONG_IRI_CHARS = V8_HASHED_CHARS;

/** Distinct IRIs longer than LONG_IRI_CHARS one parse takes (a `data:` logo or two is fine; thousands are an attack). */
export const MAX_LONG_IRIS = 100;

/** Thrown by the factory when a payload holds more than MAX_LONG_IRIS long IRIs; each parser reports it as its own syntax's RdfParseError. */
export class TooManyLongIrisError extends Error {
  constructor(example: string) {
    super(
      `the payload holds more than ${MAX_LONG_IRIS} distinct IRIs longer than ${LONG_IRI_CHARS} characters (such as <${example.slice(0, 80)}…>); ` +
        'no catalog needs them, and they make every lookup by IRI slow, so the payload was refused',
    );
    this.name = 'TooManyLongIrisError';
  }
}

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
  // A parsed graph held for splitting is the largest thing a harvest keeps, so its terms are kept
  // small: one term object per IRI for the whole parse (a catalog repeats the same predicates, classes
  // and vocabulary terms in every dataset; terms are immutable values, so sharing them changes nothing
  // else), and every IRI and literal text copied out of the parser's input (see `detached` and `flatLiteral`).
  const named = new Map<string, RDF.NamedNode>();
  // Long IRIs by digest (a map keyed by the IRIs themselves is what they make slow).
  const long = new Set<string>();
  // Short literals repeat too (dates, keywords, formats, `"true"^^xsd:boolean`): one term per id.
  const literals = new Map<string, RDF.Literal>();
  return {
    namedNode: (iri: string) => {
      if (iri.length > LONG_IRI_CHARS) {
        long.add(createHash('sha256').update(iri).digest('base64'));
        if (long.size > MAX_LONG_IRIS) throw new TooManyLongIrisError(iri);
        return DataFactory.namedNode(detached(iri));
      }
      let term = named.get(iri);
      if (term === undefined) {
        term = DataFactory.namedNode(detached(iri));
        if (named.size < MAX_SHARED_IRIS) named.set(term.value, term);
      }
      return term;
    },
    blankNode: (label?: string) =>
      DataFactory.blankNode(label === undefined ? `${prefix}-${anonymous++}` : prefixLabels ? prefix + label : label),
    literal: (value: string, languageOrDatatype?: string | RDF.NamedNode) => {
      const term = flatLiteral(value, languageOrDatatype);
      const id = (term as RDF.Literal & { readonly id: string }).id;
      if (id.length > MAX_SHARED_LITERAL_CHARS) return term;
      const shared = literals.get(id);
      if (shared !== undefined) return shared;
      if (literals.size < MAX_SHARED_IRIS) literals.set(id, term);
      return term;
    },
    variable: DataFactory.variable,
    defaultGraph: DataFactory.defaultGraph,
    quad: DataFactory.quad,
    fromTerm: DataFactory.fromTerm,
    fromQuad: DataFactory.fromQuad,
  } as RDF.DataFactory;
}

/**
 * A literal whose id (n3 keeps a literal as one string, `"value"@lang` or `"value"^^<datatype>`) is one
 * flat string of its own. n3's factory writes the id as a concatenation, which V8 keeps as a tree of
 * string pieces (about 32 bytes each) over the parser's text; joining the parts copies them into one
 * string, no larger than the text. A catalog's literals are most of its bytes, so this is most of what a
 * parsed graph held beyond its text. The same ids as n3's factory; base directions go through it.
 */
function flatLiteral(value: string, languageOrDatatype?: string | RDF.NamedNode | { language: string; direction?: string }): RDF.Literal {
  if (typeof languageOrDatatype === 'string') return new Literal(['"', value, '"@', languageOrDatatype.toLowerCase()].join(''));
  if (languageOrDatatype === undefined || 'termType' in languageOrDatatype) {
    const datatype = languageOrDatatype?.value ?? '';
    return new Literal(datatype === '' || datatype === XSD.string ? ['"', value, '"'].join('') : ['"', value, '"^^', datatype].join(''));
  }
  // A language with a base direction (`"x"@ar--rtl`): n3's factory takes it, though its types do not say so.
  return DataFactory.literal(detached(value), languageOrDatatype as unknown as string);
}

/**
 * The same text in a string of its own. A parser cuts IRIs and literals out of the chunk of input it
 * reads, and V8 keeps such a cut as a view of the whole chunk (a sliced string): a graph holding one
 * literal of each 64 K chunk would hold the entire input, twice its UTF-8 size as UTF-16. Joining two
 * parts of it makes V8 copy the text into one new flat string, which holds nothing else (the older
 * `' ' + text` then `.slice(1)` left a 32-byte view over a copy).
 */
export function detached(text: string): string {
  // Joining two non-empty parts makes V8 copy them into one new flat string (a slice would be a view).
  return text.length < 2 ? ` ${text}`.slice(1) : [text[0], text.slice(1)].join('');
}
