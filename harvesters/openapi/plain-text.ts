/**
 * Text taken from a document for a message (a name, a URL, a path): control characters and line
 * breaks become spaces, runs of white space one space, and it is cut at `max` characters. Escaping
 * for HTML or JSON is the renderer's business; this keeps messages on one readable line.
 */
export function plain(text: string, max = 200): string {
  // eslint-disable-next-line no-control-regex
  const flat = text.replace(/[\u0000-\u001f\u007f-\u009f\u2028\u2029]+/g, ' ').replace(/\s+/g, ' ').trim();
  return flat.length > max ? `${flat.slice(0, max - 1)}…` : flat;
}
