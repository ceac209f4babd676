/**
 * Whether a query's shape (its text with literals, comments and IRIs blanked: `costShape`) is a lookup
 * of given subjects: a SELECT or ASK over one group of triple patterns, every one with a constant
 * subject (an IRI or a prefixed name), constant or variable predicates (no property paths), constant,
 * literal or variable objects, and nothing else (no OPTIONAL, UNION, FILTER, BIND, sub-query, blank node,
 * aggregate, ORDER BY, GROUP BY or OFFSET), at most LIMIT. Such a query reads the triples of the subjects
 * it names, so it is taken as short before it has ever run, as a resource's page or a title lookup is.
 *
 * The engine still watches it: a lookup that runs past the short budget (a subject with a huge number of
 * values) turns heavy like any other query.
 */
export function isSubjectLookup(shape: string): boolean {
  // A lookup is short: its IRIs and literals are blanked, 16 patterns and a prologue fit well within the
  // bound. Past it the tokens are not read at all: the prefixed-name pattern tries a run like `a.a.a.…`
  // from each of its letters, quadratically (2.8 s for a 100 000-character query on the thread that serves requests).
  if (shape.length > MAX_SHAPE_CHARS) return false;
  // Every character but white space falls in some token (the last alternative takes any one).
  const tokens = shape.match(TOKEN);
  if (tokens === null) return false;
  let at = 0;
  const next = (): string | undefined => tokens[at];
  const take = (expected?: RegExp): string | undefined => {
    const token = tokens[at];
    if (token === undefined || (expected !== undefined && !expected.test(token))) return undefined;
    at++;
    return token;
  };
  // Prologue: PREFIX p: <>, BASE <>.
  for (;;) {
    if (take(/^PREFIX$/i)) {
      if (!take(PREFIX_DECLARED) || !take(/^<>$/)) return false;
    } else if (take(/^BASE$/i)) {
      if (!take(/^<>$/)) return false;
    } else break;
  }
  if (take(/^SELECT$/i)) {
    take(/^(?:DISTINCT|REDUCED)$/i);
    if (!take(/^\*$/)) {
      if (!take(VARIABLE)) return false;
      while (next() !== undefined && VARIABLE.test(next()!)) at++;
    }
  } else if (!take(/^ASK$/i)) return false;
  take(/^WHERE$/i);
  if (!take(/^\{$/)) return false;
  let patterns = 0;
  // Triples: subject, then predicate-object lists separated by ';' and objects by ','; '.' between triples.
  while (next() !== '}') {
    if (!take(CONSTANT)) return false;
    for (;;) {
      if (!take(PREDICATE) || !take(OBJECT)) return false;
      patterns++;
      while (take(/^,$/)) {
        if (!take(OBJECT)) return false;
        patterns++;
      }
      if (!take(/^;$/)) break;
      while (take(/^;$/));
      if (next() === '.' || next() === '}') break;
    }
    if (!take(/^\.$/)) break;
  }
  if (!take(/^\}$/) || patterns === 0 || patterns > MAX_PATTERNS) return false;
  if (take(/^LIMIT$/i) && !take(/^\d+$/)) return false;
  return at === tokens.length;
}

/** More patterns than this is no longer evidently a lookup. */
const MAX_PATTERNS = 16;
/** A shape longer than this is no lookup (see isSubjectLookup). */
const MAX_SHAPE_CHARS = 4_096;
const PREFIXED = String.raw`(?:[A-Za-z][\w.-]*)?:(?:[\w-](?:[\w.-]*[\w-])?)?`;
const VARIABLE = /^[?$][\p{L}\p{N}_]+$/u;
const PREFIX_DECLARED = /^(?:[A-Za-z][\w.-]*)?:$/;
const CONSTANT = new RegExp(`^(?:<>|${PREFIXED})$`);
const PREDICATE = new RegExp(`^(?:<>|${PREFIXED}|a|[?$][\\p{L}\\p{N}_]+)$`, 'u');
const OBJECT = new RegExp(`^(?:<>|${PREFIXED}|[?$][\\p{L}\\p{N}_]+|""(?:@[A-Za-z]+(?:-[A-Za-z0-9]+)*|\\^\\^(?:<>|${PREFIXED}))?|[+-]?\\d+(?:\\.\\d+)?(?:[eE][+-]?\\d+)?|true|false)$`, 'u');
/** Blanked literals with their tag or datatype, IRIs, variables, prefixed names, numbers, words and punctuation. */
const TOKEN = new RegExp(
  String.raw`""(?:@[A-Za-z]+(?:-[A-Za-z0-9]+)*|\^\^(?:<>|${PREFIXED}))?|<>|[?$][\p{L}\p{N}_]+|${PREFIXED}|[+-]?\d+(?:\.\d+)?(?:[eE][+-]?\d+)?|[A-Za-z]+|[{}.;,*]|\S`,
  'gu',
);
