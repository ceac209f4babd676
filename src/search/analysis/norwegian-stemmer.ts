/**
 * The Snowball Norwegian stemmer (snowballstem.org, algorithm `norwegian`), ported to TypeScript.
 * It removes inflectional suffixes inside region R1: "barnehager", "barnehagene" → "barnehag".
 * Checked word for word against libstemmer 2.2 in test/search/analysis/norwegian-stemmer.test.ts.
 */
const VOWELS = new Set('aeiouyæåø');
const S_ENDING = new Set('bcdfghjlmnoprtvyz');

// Suffixes, longest first so the first match is the longest (Snowball `among`).
const MAIN_SUFFIXES = [
  'hetenes', 'hetene', 'hetens', 'heten', 'heter', 'endes', 'ande', 'ende', 'edes', 'enes', 'erte', 'ede', 'ane',
  'ene', 'ens', 'ers', 'ets', 'het', 'ast', 'ert', 'en', 'ar', 'er', 'as', 'es', 'et', 'a', 'e', 's',
];
const OTHER_SUFFIXES = ['hetslov', 'eleg', 'elig', 'elov', 'slov', 'leg', 'eig', 'lig', 'els', 'lov', 'ig'];

const isVowel = (c: string | undefined): boolean => c !== undefined && VOWELS.has(c);

/** Start of region R1: after the first non-vowel following a vowel, but at least 3 letters in. */
function regionR1(word: string): number {
  if (word.length < 3) return word.length;
  let i = 0;
  while (i < word.length && !isVowel(word[i])) i++;
  while (i < word.length && isVowel(word[i])) i++;
  if (i >= word.length) return word.length;
  const p1 = i + 1;
  return Math.max(p1, 3);
}

function longestSuffix(word: string, p1: number, suffixes: readonly string[]): string | undefined {
  for (const s of suffixes) if (word.length - s.length >= p1 && word.endsWith(s)) return s;
  return undefined;
}

/** Stems one lower-case Norwegian word. */
export function stemNorwegian(input: string): string {
  let word = input;
  const p1 = regionR1(word);
  if (p1 >= word.length) return word;

  const main = longestSuffix(word, p1, MAIN_SUFFIXES);
  if (main !== undefined) {
    const stem = word.slice(0, word.length - main.length);
    if (main === 's') {
      const before = stem[stem.length - 1];
      const beforeK = stem[stem.length - 2];
      if ((before !== undefined && S_ENDING.has(before)) || (before === 'k' && beforeK !== undefined && !isVowel(beforeK))) word = stem;
    } else if (main === 'erte' || main === 'ert') {
      word = stem + 'er';
    } else {
      word = stem;
    }
  }

  if (word.length - 2 >= p1 && (word.endsWith('dt') || word.endsWith('vt'))) word = word.slice(0, -1);

  const other = longestSuffix(word, p1, OTHER_SUFFIXES);
  if (other !== undefined) word = word.slice(0, word.length - other.length);
  return word;
}
