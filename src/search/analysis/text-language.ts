/**
 * Which analysis a literal's language tag gets. Norwegian (nb, nn, no, and untagged text, which in a
 * Norwegian catalog is Norwegian) is stemmed as Norwegian, English as English; anything else is only
 * normalised.
 */
export type AnalysisLanguage = 'no' | 'en' | 'other';

const memo = new Map<string, AnalysisLanguage>();

export function analysisLanguageOf(tag: string): AnalysisLanguage {
  let language = memo.get(tag);
  if (language === undefined) {
    language = languageOfTag(tag);
    if (memo.size < 1000) memo.set(tag, language);
  }
  return language;
}

function languageOfTag(tag: string): AnalysisLanguage {
  const primary = tag.toLowerCase().split('-')[0] ?? '';
  if (primary === '' || primary === 'nb' || primary === 'nn' || primary === 'no' || primary === 'nob' || primary === 'nno' || primary === 'nor') return 'no';
  if (primary === 'en' || primary === 'eng') return 'en';
  return 'other';
}
