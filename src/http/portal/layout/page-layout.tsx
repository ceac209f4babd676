import type { ComponentChildren } from 'preact';
import { portalAssets } from '../assets/asset-bundle.js';
import { PORTAL_LANGUAGES, type PortalLanguage } from '../i18n/portal-language.js';
import type { PortalContext } from '../portal-context.js';

/** Each language named in itself (and so marked with its own `lang`). */
const LANGUAGE_NAMES: Readonly<Record<PortalLanguage, string>> = { nb: 'Bokmål', nn: 'Nynorsk', en: 'English' };

export type NavItem = 'home' | 'search' | 'sources' | 'validator' | 'sparql' | 'api';

export interface PageProps {
  readonly ctx: PortalContext;
  /** The page's own title (the one h1 says the same or more). */
  readonly title: string;
  /** The menu item this page belongs to. */
  readonly section?: NavItem;
  /** More in <head> (the SPARQL editor's stylesheet). */
  readonly head?: ComponentChildren;
  /** Scripts at the end of <body> (same origin only). */
  readonly scripts?: readonly string[];
  readonly children: ComponentChildren;
}

const NAV: readonly { readonly item: NavItem; readonly path: string }[] = [
  { item: 'search', path: '/search' },
  { item: 'sources', path: '/sources' },
  { item: 'validator', path: '/validator' },
  { item: 'sparql', path: '/sparql' },
  { item: 'api', path: '/api-reference' },
];

/**
 * The frame of every page: a skip link to the main content, a banner with the site name, the main
 * menu and the language switch, the one <main>, and a footer. The language switch is a set of links
 * (no script): /language sets the cookie and comes back to the same page in the chosen language.
 */
export function PageLayout({ ctx, title, section, head, scripts = [], children }: PageProps) {
  const { t, lang } = ctx;
  return (
    <html lang={lang}>
      <head>
        <meta charSet="utf-8" />
        <meta name="viewport" content="width=device-width, initial-scale=1" />
        <title>{`${title} – ${t.siteName}`}</title>
        <link rel="icon" href="data:," />
        <link rel="stylesheet" href={portalAssets().css.path} />
        {head}
      </head>
      <body>
        <a class="ds-skip-link" href="#main">
          {t.skipToContent}
        </a>
        <header class="dk-header">
          <div class="dk-wrap">
            <a class="dk-brand" href={ctx.href('/')} aria-current={section === 'home' ? 'page' : undefined}>
              {t.siteName}
            </a>
            <nav class="dk-nav" aria-label={t.mainNavigation}>
              <ul>
                {NAV.map(({ item, path }) => (
                  <li key={item}>
                    <a class="ds-link" href={ctx.href(path)} aria-current={section === item ? 'page' : undefined}>
                      {t.nav[item]}
                    </a>
                  </li>
                ))}
              </ul>
            </nav>
            <nav class="dk-langs" aria-label={t.languageNavigation}>
              <ul>
                {PORTAL_LANGUAGES.map((l) => (
                  <li key={l}>
                    <a
                      class="ds-link"
                      href={`/language?${new URLSearchParams({ to: l, back: ctx.currentPath }).toString()}`}
                      lang={l}
                      hrefLang={l}
                      aria-current={l === lang ? 'true' : undefined}
                    >
                      {LANGUAGE_NAMES[l]}
                    </a>
                  </li>
                ))}
              </ul>
            </nav>
          </div>
        </header>
        <main id="main" tabIndex={-1}>
          <div class="dk-wrap">{children}</div>
        </main>
        <footer class="dk-footer">
          <div class="dk-wrap">
            <p class="ds-paragraph">{t.footer}</p>
            <p class="ds-paragraph">
              <a class="ds-link" href={ctx.href('/sparql')}>
                {t.footerApi}
              </a>
            </p>
            <p class="ds-paragraph">
              <a class="ds-link" href={ctx.href('/api-reference')}>
                {t.footerApiReference}
              </a>
            </p>
          </div>
        </footer>
        {scripts.map((src) => (
          <script key={src} src={src} defer />
        ))}
      </body>
    </html>
  );
}
