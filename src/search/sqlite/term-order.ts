/** Strings in the order SQLite compares UTF-8 terms (code points; JS `<` compares UTF-16 code units). */
export function byCodePoint(a: string, b: string): number {
  const x = [...a];
  const y = [...b];
  for (let i = 0; i < Math.min(x.length, y.length); i++) {
    const d = x[i]!.codePointAt(0)! - y[i]!.codePointAt(0)!;
    if (d !== 0) return d;
  }
  return x.length - y.length;
}

/** The least string above every string that begins with `prefix` (its last code point raised by one), or null for a last code point it cannot raise. */
export function successor(prefix: string): string | null {
  const points = [...prefix];
  const last = points.pop();
  if (last === undefined) return null;
  const code = last.codePointAt(0)!;
  // Raising into the surrogate range or past the last code point would not be a valid string to compare.
  if (code === 0xd7ff || (code >= 0xd800 && code <= 0xdfff) || code >= 0x10ffff) return null;
  return points.join('') + String.fromCodePoint(code + 1);
}
