/** Code-unit order, the same everywhere (no locale): records, catalogs and examples are listed in it. */
export function compareIri(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}
