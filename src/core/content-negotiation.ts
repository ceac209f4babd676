/**
 * HTTP proactive content negotiation on media types (RFC 9110 §12.5.1): picks the offer the client
 * prefers, or undefined when the client accepts none of them (→ 406).
 *
 * - Each media range has a weight `q` (0 to 1, default 1); `q=0` means "not acceptable".
 * - An offer is weighed by the most specific range that matches it: `text/turtle;charset=utf-8` over
 *   `text/turtle` over `text/*` over `*\/*` (§12.5.1: "the most specific reference has precedence").
 * - Ties go to the offer matched more specifically, then to the range the client listed first, then
 *   to the server's order of offers.
 * - No Accept header (or an empty one) means `*\/*`: the first offer. Malformed ranges are ignored.
 */

interface MediaRange {
  readonly type: string;
  readonly subtype: string;
  readonly params: ReadonlyMap<string, string>;
  readonly q: number;
  readonly index: number;
}

interface MediaType {
  readonly type: string;
  readonly subtype: string;
  readonly params: ReadonlyMap<string, string>;
}

const TOKEN = /^[!#$%&'*+.^_`|~0-9A-Za-z-]+$/;
const QVALUE = /^(?:0(?:\.\d{0,3})?|1(?:\.0{0,3})?)$/;

/** Splits on a separator outside double-quoted strings. */
function splitOutsideQuotes(text: string, separator: string): string[] {
  const parts: string[] = [];
  let current = '';
  let quoted = false;
  for (let i = 0; i < text.length; i++) {
    const c = text[i]!;
    if (quoted && c === '\\' && i + 1 < text.length) {
      current += c + text[++i];
      continue;
    }
    if (c === '"') quoted = !quoted;
    if (c === separator && !quoted) {
      parts.push(current);
      current = '';
    } else {
      current += c;
    }
  }
  parts.push(current);
  return parts;
}

function unquote(value: string): string {
  return value.startsWith('"') && value.endsWith('"') && value.length >= 2 ? value.slice(1, -1).replace(/\\(.)/g, '$1') : value;
}

/** `type/subtype;name=value…` → parts (lower-cased type, subtype and parameter names), or undefined. */
function parseMediaType(text: string): (MediaType & { rawParams: [string, string][] }) | undefined {
  const [essence, ...paramParts] = splitOutsideQuotes(text, ';');
  const slash = essence!.indexOf('/');
  if (slash < 0) return undefined;
  const type = essence!.slice(0, slash).trim().toLowerCase();
  const subtype = essence!.slice(slash + 1).trim().toLowerCase();
  if (!TOKEN.test(type) || !TOKEN.test(subtype)) return undefined;
  if (type === '*' && subtype !== '*') return undefined;
  const rawParams: [string, string][] = [];
  for (const p of paramParts) {
    const eq = p.indexOf('=');
    if (eq < 0) {
      if (p.trim() === '') continue;
      return undefined;
    }
    const name = p.slice(0, eq).trim().toLowerCase();
    if (!TOKEN.test(name)) return undefined;
    rawParams.push([name, unquote(p.slice(eq + 1).trim())]);
  }
  return { type, subtype, params: new Map(rawParams), rawParams };
}

/** The media ranges of an Accept header, in the order given; malformed ones left out. */
export function parseAccept(accept: string | undefined): MediaRange[] {
  if (accept === undefined || accept.trim() === '') return [{ type: '*', subtype: '*', params: new Map(), q: 1, index: 0 }];
  const ranges: MediaRange[] = [];
  splitOutsideQuotes(accept, ',').forEach((part, index) => {
    if (part.trim() === '') return;
    const parsed = parseMediaType(part);
    if (parsed === undefined) return;
    // Parameters after `q` are accept extensions, not media-type parameters.
    const params = new Map<string, string>();
    let q = 1;
    for (const [name, value] of parsed.rawParams) {
      if (name === 'q') {
        if (!QVALUE.test(value)) return;
        q = Number(value);
        break;
      }
      params.set(name, value);
    }
    ranges.push({ type: parsed.type, subtype: parsed.subtype, params, q, index });
  });
  return ranges;
}

/** How specifically a range matches an offer, or -1 when it does not. */
function specificity(range: MediaRange, offer: MediaType): number {
  if (range.type !== '*' && range.type !== offer.type) return -1;
  if (range.subtype !== '*' && range.subtype !== offer.subtype) return -1;
  for (const [name, value] of range.params) {
    const offered = offer.params.get(name);
    if (offered === undefined || offered.toLowerCase() !== value.toLowerCase()) return -1;
  }
  return (range.type === '*' ? 0 : 1) + (range.subtype === '*' ? 0 : 2) + range.params.size * 4;
}

/**
 * The offer (one of `offers`, returned as given) the Accept header prefers, or undefined when none is
 * acceptable.
 *
 *   negotiate('text/turtle;q=0.9, application/ld+json', ['text/turtle', 'application/ld+json']) → 'application/ld+json'
 */
export function negotiate(accept: string | undefined, offers: readonly string[]): string | undefined {
  const ranges = parseAccept(accept);
  let best: { offer: string; q: number; specificity: number; index: number; order: number } | undefined;
  offers.forEach((offer, order) => {
    const type = parseMediaType(offer);
    if (type === undefined) return;
    let match: MediaRange | undefined;
    let matchSpecificity = -1;
    for (const range of ranges) {
      const s = specificity(range, type);
      if (s > matchSpecificity || (s === matchSpecificity && s >= 0 && match !== undefined && range.q > match.q)) {
        match = range;
        matchSpecificity = s;
      }
    }
    if (match === undefined || match.q <= 0) return;
    const candidate = { offer, q: match.q, specificity: matchSpecificity, index: match.index, order };
    if (
      best === undefined ||
      candidate.q > best.q ||
      (candidate.q === best.q &&
        (candidate.specificity > best.specificity ||
          (candidate.specificity === best.specificity && (candidate.index < best.index || (candidate.index === best.index && candidate.order < best.order)))))
    ) {
      best = candidate;
    }
  });
  return best?.offer;
}
