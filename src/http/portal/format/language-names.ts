import type { PortalLanguage } from '../i18n/portal-language.js';

const NAMES = new Map<PortalLanguage, Intl.DisplayNames>();

/** A language tag named in the page language (`en` → «engelsk» on a Bokmål page); the tag itself when unknown. */
export function languageName(tag: string, lang: PortalLanguage): string {
  let names = NAMES.get(lang);
  if (names === undefined) {
    names = new Intl.DisplayNames([lang], { type: 'language', fallback: 'code' });
    NAMES.set(lang, names);
  }
  let name: string;
  try {
    name = names.of(tag) ?? tag;
  } catch {
    return tag;
  }
  return name.charAt(0).toLocaleUpperCase(lang) + name.slice(1);
}
