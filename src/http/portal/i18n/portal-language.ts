import type { Request } from 'express';

/** The languages of every page and message: Bokmål, Nynorsk, English. */
export const PORTAL_LANGUAGES = ['nb', 'nn', 'en'] as const;
export type PortalLanguage = (typeof PORTAL_LANGUAGES)[number];

/** The cookie the visible language switch sets. */
export const LANGUAGE_COOKIE = 'lang';

export function isPortalLanguage(value: string | undefined): value is PortalLanguage {
  return value !== undefined && (PORTAL_LANGUAGES as readonly string[]).includes(value);
}

function cookieValue(header: string | undefined, name: string): string | undefined {
  if (header === undefined) return undefined;
  for (const part of header.split(';')) {
    const eq = part.indexOf('=');
    if (eq > 0 && part.slice(0, eq).trim() === name) return part.slice(eq + 1).trim();
  }
  return undefined;
}

/** The `lang` query parameter as given (the first one), or undefined. */
export function languageParameter(req: Request): string | undefined {
  const q = req.originalUrl.indexOf('?');
  if (q < 0) return undefined;
  return new URLSearchParams(req.originalUrl.slice(q + 1)).get('lang') ?? undefined;
}

/**
 * The page language: `?lang=`, else the cookie the language switch set, else the best of the
 * Accept-Language header (negotiated by express; a plain `no` counts as Bokmål), else Bokmål.
 * A value that names no portal language is passed over, never an error.
 */
export function chooseLanguage(req: Request): PortalLanguage {
  const asked = languageParameter(req);
  if (isPortalLanguage(asked)) return asked;
  const cookie = cookieValue(req.get('Cookie'), LANGUAGE_COOKIE);
  if (isPortalLanguage(cookie)) return cookie;
  if (req.get('Accept-Language') !== undefined) {
    const best = req.acceptsLanguages('nb', 'nn', 'en', 'no', 'nb-NO', 'nn-NO', 'no-NO');
    if (typeof best === 'string') {
      const primary = best.slice(0, 2);
      if (primary === 'no') return 'nb';
      if (isPortalLanguage(primary)) return primary;
    }
  }
  return 'nb';
}

/** Text in some language shown on a page in another: the `lang` attribute it needs, or undefined when none. */
export function foreignLang(textLanguage: string | null | undefined, page: PortalLanguage): string | undefined {
  if (textLanguage === null || textLanguage === undefined || textLanguage === '') return undefined;
  const normal = textLanguage.toLowerCase();
  return normal === page ? undefined : normal;
}
