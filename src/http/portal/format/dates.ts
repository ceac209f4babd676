import type { PortalLanguage } from '../i18n/portal-language.js';

const LOCALE: Readonly<Record<PortalLanguage, string>> = { nb: 'nb-NO', nn: 'nn-NO', en: 'en-GB' };

/**
 * One formatter per language and style, made once: building an Intl formatter costs far more than
 * using one, and a search page formats a few hundred counts and dates.
 */
function cached<F>(make: (locale: string) => F): (lang: PortalLanguage) => F {
  const made = new Map<PortalLanguage, F>();
  return (lang) => {
    let f = made.get(lang);
    if (f === undefined) {
      f = make(LOCALE[lang]);
      made.set(lang, f);
    }
    return f;
  };
}

const dateFormat = cached((locale) => new Intl.DateTimeFormat(locale, { day: 'numeric', month: 'long', year: 'numeric', timeZone: 'UTC' }));
const dateTimeFormat = cached((locale) => new Intl.DateTimeFormat(locale, { dateStyle: 'long', timeStyle: 'short', timeZone: 'Europe/Oslo' }));
const countFormat = cached((locale) => new Intl.NumberFormat(locale));

/** A date (or date-time) as people read it in the page language; the text as given when it is no date. */
export function formatDate(value: string | null | undefined, lang: PortalLanguage): string {
  if (value === null || value === undefined || value === '') return '';
  const time = Date.parse(value.length === 10 ? `${value}T00:00:00Z` : value);
  if (Number.isNaN(time)) return value;
  return dateFormat(lang).format(time);
}

/** A point in time with the hour, for harvest runs. */
export function formatDateTime(value: string | null | undefined, lang: PortalLanguage): string {
  if (value === null || value === undefined || value === '') return '';
  const time = Date.parse(value);
  if (Number.isNaN(time)) return value;
  return dateTimeFormat(lang).format(time);
}

/** A count in the page language's digit grouping. */
export function formatCount(n: number, lang: PortalLanguage): string {
  return countFormat(lang).format(n);
}
