/**
 * A token's lifetime as people write it: `90d`, `12h`, `30m`, `1w`, or `never` (undefined: no expiry).
 * Null when the text is not one.
 */
export function parseLifetime(text: string): number | undefined | null {
  const t = text.trim().toLowerCase();
  if (t === 'never') return undefined;
  const m = /^(\d{1,6})\s*(m|h|d|w)$/.exec(t);
  if (m === null || Number(m[1]) === 0) return null;
  const unit: Record<string, number> = { m: 60_000, h: 3_600_000, d: 86_400_000, w: 7 * 86_400_000 };
  return Number(m[1]) * unit[m[2]!]!;
}
