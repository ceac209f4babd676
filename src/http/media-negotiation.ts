import Negotiator from 'negotiator';

/**
 * HTTP proactive content negotiation on media types (RFC 9110 §12.5.1) through `negotiator`, the
 * library express itself uses (q-values, wildcards, the most specific range deciding, ties to the
 * client's order, then the server's). Before it sees the Accept header, the parameters that do not
 * change what we send are taken out:
 *
 * - `charset=utf-8` anywhere (everything is sent as UTF-8), and any `charset` on JSON media types
 *   (JSON is UTF-8 by definition; RFC 8259 defines no charset parameter). Another charset on a text
 *   type stays, so nothing matches it and the client gets a 406.
 * - `profile` on `application/ld+json` becomes the one JSON-LD form it names (`…#expanded`,
 *   `…#compacted`, `…#flattened`; a list naming flattened means flattened), so an offer with that
 *   profile matches it; a profile naming none of them is left out (the default form is sent).
 * - accept extensions after `q`.
 */

export const JSON_LD_FORMS = {
  expanded: 'http://www.w3.org/ns/json-ld#expanded',
  compacted: 'http://www.w3.org/ns/json-ld#compacted',
  flattened: 'http://www.w3.org/ns/json-ld#flattened',
} as const;

export type JsonLdForm = keyof typeof JSON_LD_FORMS;

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

const JSON_TYPE = /^application\/(?:[^/]+\+)?json$/;

/** The JSON-LD form a `profile` value (a space-separated list of IRIs) asks for, if any. */
export function jsonLdFormOf(profile: string): JsonLdForm | undefined {
  const iris = profile.split(/\s+/);
  if (iris.includes(JSON_LD_FORMS.flattened)) return 'flattened';
  if (iris.includes(JSON_LD_FORMS.expanded)) return 'expanded';
  if (iris.includes(JSON_LD_FORMS.compacted)) return 'compacted';
  return undefined;
}

function normaliseRange(range: string): string {
  const [essence = '', ...params] = splitOutsideQuotes(range, ';');
  const type = essence.trim().toLowerCase();
  const kept: string[] = [type];
  for (const param of params) {
    const eq = param.indexOf('=');
    if (eq < 0) continue;
    const name = param.slice(0, eq).trim().toLowerCase();
    const value = unquote(param.slice(eq + 1).trim());
    if (name === 'q') {
      kept.push(`q=${value}`);
      break; // what follows q are accept extensions
    }
    if (name === 'charset' && (JSON_TYPE.test(type) || /^utf-?8$/i.test(value))) continue;
    if (name === 'profile' && type === 'application/ld+json') {
      const form = jsonLdFormOf(value);
      if (form !== undefined) kept.push(`profile="${JSON_LD_FORMS[form]}"`);
      continue;
    }
    kept.push(`${name}=${JSON.stringify(value)}`);
  }
  return kept.join(';');
}

/** The Accept header with the parameters that do not change what is sent taken out (see above). */
export function normaliseAccept(accept: string | undefined): string | undefined {
  if (accept === undefined || accept.trim() === '') return undefined;
  return splitOutsideQuotes(accept, ',')
    .filter((part) => part.trim() !== '')
    .map(normaliseRange)
    .join(', ');
}

/**
 * The offer (one of `offers`, returned as given) the Accept header prefers, or undefined when none is
 * acceptable. No Accept header (or an empty one) means the first offer.
 *
 *   negotiate('text/turtle;q=0.9, application/ld+json', ['text/turtle', 'application/ld+json']) → 'application/ld+json'
 */
export function negotiate(accept: string | undefined, offers: readonly string[]): string | undefined {
  const header = normaliseAccept(accept);
  const negotiator = new Negotiator({ headers: header === undefined ? {} : { accept: header } });
  return negotiator.mediaTypes([...offers])[0];
}
