// N-Triples of one graph → N-Quads in that graph, so that a whole batch of graphs loads in one call
// (oxigraph's bulk load slows down as the store grows when called once per graph; one call per
// batch stays linear: ~8 s instead of ~24 s for 2.7 M quads).
//
// Only lines that are plainly one triple are rewritten (subject, predicate, object, the final dot,
// nothing after it): the graph name goes before that dot. A graph with any other line (a comment,
// a syntax this check does not know) is left to the caller to load on its own.

const IRI = '<(?:[^<>"{}|^`\\\\\\u0000-\\u0020]|\\\\u[0-9A-Fa-f]{4}|\\\\U[0-9A-Fa-f]{8})*>';
const BLANK = '_:[^\\s]+';
const LITERAL = `"(?:[^"\\\\\\n\\r]|\\\\.)*"(?:@[A-Za-z]+(?:-[A-Za-z0-9]+)*|\\^\\^${IRI})?`;
const TRIPLE_LINE = new RegExp(`^(?:${IRI}|${BLANK})[ \\t]+${IRI}[ \\t]+(?:${IRI}|${BLANK}|${LITERAL})[ \\t]*\\.[ \\t]*$`);

/** The graph's triples as N-Quads lines in `<graph>`, or undefined when a line is not plainly one triple. */
export function graphAsNQuads(graph: string, ntriples: string): string | undefined {
  const name = ` <${graph}> .\n`;
  let out = '';
  for (const raw of ntriples.split('\n')) {
    const line = raw.endsWith('\r') ? raw.slice(0, -1) : raw;
    if (line.trim() === '') continue;
    if (!TRIPLE_LINE.test(line)) return undefined;
    out += line.slice(0, line.lastIndexOf('.')).trimEnd() + name;
  }
  return out;
}
