/**
 * The Snowball English stemmer ("Porter2", snowballstem.org algorithm `english`), ported to
 * TypeScript. Checked word for word against libstemmer 2.2 in test/search/analysis/english-stemmer.test.ts.
 */
const VOWELS = new Set('aeiouy');
const DOUBLES = ['bb', 'dd', 'ff', 'gg', 'mm', 'nn', 'pp', 'rr', 'tt'];
const LI_ENDING = new Set('cdeghkmnrt');

const EXCEPTIONS_1: Record<string, string> = {
  skis: 'ski', skies: 'sky', dying: 'die', lying: 'lie', tying: 'tie', idly: 'idl', gently: 'gentl', ugly: 'ugli', early: 'earli', only: 'onli', singly: 'singl',
  sky: 'sky', news: 'news', howe: 'howe', atlas: 'atlas', cosmos: 'cosmos', bias: 'bias', andes: 'andes',
};
const EXCEPTIONS_2 = new Set(['inning', 'outing', 'canning', 'herring', 'earring', 'proceed', 'exceed', 'succeed']);

const STEP2: ReadonlyArray<readonly [string, string]> = [
  ['ization', 'ize'], ['ational', 'ate'], ['fulness', 'ful'], ['ousness', 'ous'], ['iveness', 'ive'], ['tional', 'tion'],
  ['biliti', 'ble'], ['lessli', 'less'], ['entli', 'ent'], ['ation', 'ate'], ['alism', 'al'], ['aliti', 'al'],
  ['ousli', 'ous'], ['iviti', 'ive'], ['fulli', 'ful'], ['enci', 'ence'], ['anci', 'ance'], ['abli', 'able'],
  ['izer', 'ize'], ['ator', 'ate'], ['alli', 'al'], ['bli', 'ble'], ['ogi', 'og'], ['li', ''],
];
const STEP3: ReadonlyArray<readonly [string, string]> = [
  ['ational', 'ate'], ['tional', 'tion'], ['alize', 'al'], ['icate', 'ic'], ['iciti', 'ic'], ['ative', ''],
  ['ical', 'ic'], ['ness', ''], ['ful', ''],
];
const STEP4 = ['ement', 'ance', 'ence', 'able', 'ible', 'ment', 'ant', 'ent', 'ism', 'ate', 'iti', 'ous', 'ive', 'ize', 'ion', 'al', 'er', 'ic'];

const isVowel = (c: string | undefined): boolean => c !== undefined && VOWELS.has(c);

function regionAfterVowelConsonant(w: string, from: number): number {
  for (let i = from + 1; i < w.length; i++) if (!isVowel(w[i]) && isVowel(w[i - 1])) return i + 1;
  return w.length;
}

function regions(w: string): { r1: number; r2: number } {
  let r1: number;
  const prefix = ['gener', 'commun', 'arsen'].find((p) => w.startsWith(p));
  if (prefix !== undefined) r1 = prefix.length;
  else r1 = regionAfterVowelConsonant(w, 0);
  const r2 = regionAfterVowelConsonant(w, r1);
  return { r1, r2: Math.max(r2, r1) };
}

/** A short syllable ends at position `end` (exclusive). */
function endsWithShortSyllable(w: string, end: number): boolean {
  if (end === 2) return isVowel(w[0]) && !isVowel(w[1]);
  if (end < 3) return false;
  const a = w[end - 3];
  const b = w[end - 2];
  const c = w[end - 1];
  return !isVowel(a) && isVowel(b) && !isVowel(c) && c !== 'w' && c !== 'x' && c !== 'Y';
}

const isShort = (w: string, r1: number): boolean => r1 >= w.length && endsWithShortSyllable(w, w.length);

function hasVowel(s: string): boolean {
  for (const c of s) if (isVowel(c)) return true;
  return false;
}

/** Stems one lower-case English word. */
export function stemEnglish(input: string): string {
  if (input.length <= 2) return input;
  const exception = EXCEPTIONS_1[input];
  if (exception !== undefined) return exception;

  let w = input.startsWith("'") ? input.slice(1) : input;
  // y at the start or after a vowel is a consonant: mark it Y.
  let marked = '';
  for (let i = 0; i < w.length; i++) {
    const c = w[i]!;
    marked += c === 'y' && (i === 0 || isVowel(w[i - 1])) ? 'Y' : c;
  }
  w = marked;
  const { r1, r2 } = regions(w);

  // Step 0
  for (const s of ["'s'", "'s", "'"]) if (w.endsWith(s)) { w = w.slice(0, -s.length); break; }

  // Step 1a
  if (w.endsWith('sses')) w = w.slice(0, -2);
  else if (w.endsWith('ied') || w.endsWith('ies')) w = w.length > 4 ? w.slice(0, -2) : w.slice(0, -1);
  else if (w.endsWith('us') || w.endsWith('ss')) {
    /* unchanged */
  } else if (w.endsWith('s')) {
    if (hasVowel(w.slice(0, -2))) w = w.slice(0, -1);
  }

  if (EXCEPTIONS_2.has(w)) return w;

  // Step 1b
  const step1b = ['eedly', 'ingly', 'edly', 'eed', 'ing', 'ed'].find((s) => w.endsWith(s));
  if (step1b === 'eed' || step1b === 'eedly') {
    if (w.length - step1b.length >= r1) w = w.slice(0, -step1b.length) + 'ee';
  } else if (step1b !== undefined) {
    const stem = w.slice(0, -step1b.length);
    if (hasVowel(stem)) {
      w = stem;
      if (w.endsWith('at') || w.endsWith('bl') || w.endsWith('iz')) w += 'e';
      else if (DOUBLES.some((d) => w.endsWith(d))) w = w.slice(0, -1);
      else if (isShort(w, r1)) w += 'e';
    }
  }

  // Step 1c
  if ((w.endsWith('y') || w.endsWith('Y')) && w.length > 2 && !isVowel(w[w.length - 2])) w = w.slice(0, -1) + 'i';

  // Step 2
  for (const [suffix, replacement] of STEP2) {
    if (!w.endsWith(suffix)) continue;
    if (w.length - suffix.length >= r1) {
      if (suffix === 'ogi') {
        if (w[w.length - 4] === 'l') w = w.slice(0, -3) + replacement;
      } else if (suffix === 'li') {
        if (LI_ENDING.has(w[w.length - 3] ?? '')) w = w.slice(0, -2);
      } else {
        w = w.slice(0, -suffix.length) + replacement;
      }
    }
    break;
  }

  // Step 3
  for (const [suffix, replacement] of STEP3) {
    if (!w.endsWith(suffix)) continue;
    if (w.length - suffix.length >= r1) {
      if (suffix === 'ative') {
        if (w.length - suffix.length >= r2) w = w.slice(0, -suffix.length);
      } else {
        w = w.slice(0, -suffix.length) + replacement;
      }
    }
    break;
  }

  // Step 4
  for (const suffix of STEP4) {
    if (!w.endsWith(suffix)) continue;
    if (w.length - suffix.length >= r2) {
      if (suffix === 'ion') {
        const before = w[w.length - 4];
        if (before === 's' || before === 't') w = w.slice(0, -3);
      } else {
        w = w.slice(0, -suffix.length);
      }
    }
    break;
  }

  // Step 5
  if (w.endsWith('e')) {
    const at = w.length - 1;
    if (at >= r2 || (at >= r1 && !endsWithShortSyllable(w, at))) w = w.slice(0, -1);
  } else if (w.endsWith('ll') && w.length - 1 >= r2) {
    w = w.slice(0, -1);
  }

  return w.replace(/Y/g, 'y');
}
