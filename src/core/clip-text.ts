/**
 * The first `length` characters of a text, cut after the last whole word when one ends in the second
 * half, with an ellipsis; the text itself when it is no longer.
 */
export function clipAtWord(text: string, length: number): string {
  if (text.length <= length) return text;
  const cut = text.lastIndexOf(' ', length);
  return `${text.slice(0, cut > length / 2 ? cut : length)}…`;
}
