/**
 * The key a term is looked up by: case, spacing and diacritics do not count, and æ, ø, å match the
 * way they are typed without a Norwegian keyboard (`lonnsinntekt`, `laerer`, `arsregnskap`), so a
 * term is found whichever way it is typed. Prefix matching works on this key.
 */
export function lookupKey(text: string): string {
  return text
    .normalize('NFKC')
    .toLowerCase()
    .replace(/[æä]/g, 'ae')
    .replace(/[øö]/g, 'o')
    .normalize('NFD')
    .replace(/\p{M}+/gu, '')
    .replace(/\s+/g, ' ')
    .trim();
}
