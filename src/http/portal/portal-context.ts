import type { Request } from 'express';
import { messagesOf, type Messages } from './i18n/messages.js';
import { chooseLanguage, type PortalLanguage } from './i18n/portal-language.js';

/** Query parameters of a link: repeated names as arrays; undefined and empty values left out. */
export type LinkParams = Readonly<Record<string, string | number | readonly string[] | undefined>>;

/** What every page needs to know about the request it answers: the language and how to make links. */
export interface PortalContext {
  readonly lang: PortalLanguage;
  readonly t: Messages;
  /** The request's path and query (as the client sent it), for the language switch. */
  readonly currentPath: string;
  /** A link to a page of this site that keeps the page language. */
  href(path: string, params?: LinkParams): string;
}

/** `path?params&lang=…`: every link keeps the page language. */
export function linkOf(lang: PortalLanguage, path: string, params: LinkParams = {}): string {
  const search = new URLSearchParams();
  for (const [name, value] of Object.entries(params)) {
    if (value === undefined || name === 'lang') continue;
    if (Array.isArray(value)) for (const v of value as readonly string[]) search.append(name, v);
    else if (value !== '') search.append(name, String(value));
  }
  search.append('lang', lang);
  return `${path}?${search.toString()}`;
}

export function contextFor(lang: PortalLanguage, currentPath: string): PortalContext {
  return { lang, t: messagesOf(lang), currentPath, href: (path, params) => linkOf(lang, path, params) };
}

/** The context of a request: its language (see chooseLanguage) and its path. */
export function portalContext(req: Request): PortalContext {
  return contextFor(chooseLanguage(req), req.originalUrl);
}
