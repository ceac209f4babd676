import type { PortalLanguage } from '../i18n/portal-language.js';

const LOCALE: Readonly<Record<PortalLanguage, string>> = { nb: 'nb-NO', nn: 'nn-NO', en: 'en-GB' };

/** A date (or date-time) as people read it in the page language; the text as given when it is no date. */
export function formatDate(value: string | null | undefined, lang: PortalLanguage): string {
  if (value === null || value === undefined || value === '') return '';
  const time = Date.parse(value.length === 10 ? `${value}T00:00:00Z` : value);
  if (Number.isNaN(time)) return value;
  return new Intl.DateTimeFormat(LOCALE[lang], { day: 'numeric', month: 'long', year: 'numeric', timeZone: 'UTC' }).format(time);
}

/** A point in time with the hour, for harvest runs. */
export function formatDateTime(value: string | null | undefined, lang: PortalLanguage): string {
  if (value === null || value === undefined || value === '') return '';
  const time = Date.parse(value);
  if (Number.isNaN(time)) return value;
  return new Intl.DateTimeFormat(LOCALE[lang], { dateStyle: 'long', timeStyle: 'short', timeZone: 'Europe/Oslo' }).format(time);
}

/** A count in the page language's digit grouping. */
export function formatCount(n: number, lang: PortalLanguage): string {
  return new Intl.NumberFormat(LOCALE[lang]).format(n);
}
