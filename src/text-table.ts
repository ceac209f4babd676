/**
 * A plain-text table for the CLI: a header, a rule, then the rows, each column as wide as its widest
 * cell (at most `maxWidth` characters; longer cells end in …). Numbers are right-aligned.
 */
export function textTable(header: readonly string[], rows: readonly (readonly (string | number)[])[], maxWidth = 60): string {
  const cells = [header, ...rows].map((row) => row.map((c) => clip(String(c), maxWidth)));
  const widths = header.map((_, i) => cells.reduce((w, row) => Math.max(w, [...(row[i] ?? '')].length), 0));
  const numeric = header.map((_, i) => rows.length > 0 && rows.every((row) => typeof row[i] === 'number'));
  const line = (row: readonly string[]) =>
    row
      .map((c, i) => (numeric[i] ? c.padStart(widths[i]!) : c.padEnd(widths[i]!)))
      .join('  ')
      .trimEnd();
  return [line(cells[0]!), widths.map((w) => '-'.repeat(w)).join('  '), ...cells.slice(1).map(line)].join('\n') + '\n';
}

function clip(text: string, max: number): string {
  const chars = [...text.replace(/\s+/g, ' ')];
  return chars.length <= max ? chars.join('') : `${chars.slice(0, max - 1).join('')}…`;
}
