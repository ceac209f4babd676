/**
 * The SPARQL page's content security policy: still only this origin, but the editor (CodeMirror inside
 * YASGUI) sets inline styles, and its results view may draw images from data: URLs.
 */
export const SPARQL_PAGE_CSP =
  "default-src 'none'; style-src 'self' 'unsafe-inline'; img-src 'self' data:; font-src 'self' data:; script-src 'self'; connect-src 'self'; form-action 'self'; base-uri 'none'; frame-ancestors 'none'";
