import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { gzipSync } from 'node:zlib';
import { PORTAL_CSS } from './portal-css.js';
import { SPARQL_EDITOR_SCRIPT } from './sparql-editor-script.js';
import { SUGGEST_SCRIPT } from './suggest-script.js';

/**
 * The portal's static assets, served from our own origin (no CDN, no third-party request): one CSS
 * file made of Designsystemet's theme, the design-system components the pages use and the portal's
 * own rules; and the SPARQL editor (YASGUI) for the one page that needs it. Each asset is read once,
 * kept gzipped beside the plain bytes, and named by a hash of its content so it can be cached forever.
 */
export interface Asset {
  /** The URL path, with the content hash in it: `/assets/portal.1a2b3c4d.css`. */
  readonly path: string;
  readonly contentType: string;
  readonly body: Buffer;
  readonly gzipped: Buffer;
  readonly etag: string;
}

const require = createRequire(import.meta.url);

/** Designsystemet components the portal's pages use (files of @digdir/designsystemet-css/dist/src). */
const COMPONENTS = [
  'base', 'skip-link', 'link', 'heading', 'paragraph', 'button', 'input', 'field', 'fieldset', 'label', 'chip', 'tag', 'badge',
  'table', 'alert', 'card', 'details', 'list', 'divider', 'error-summary', 'validation-message',
];

function asset(name: string, extension: string, contentType: string, body: Buffer): Asset {
  const hash = createHash('sha256').update(body).digest('hex').slice(0, 12);
  return { path: `/assets/${name}.${hash}.${extension}`, contentType, body, gzipped: gzipSync(body, { level: 9 }), etag: `"${hash}"` };
}

function portalCss(): Asset {
  const parts = [
    // The layer order index.css declares, so the theme's tokens sit under the components.
    '@layer ds.theme, ds.base, ds.components, dk;',
    readFileSync(require.resolve('@digdir/designsystemet-css/theme'), 'utf8'),
    ...COMPONENTS.map((c) => readFileSync(require.resolve(`@digdir/designsystemet-css/${c}.css`), 'utf8')),
    PORTAL_CSS,
  ];
  return asset('portal', 'css', 'text/css; charset=utf-8', Buffer.from(parts.join('\n'), 'utf8'));
}

function yasguiFile(file: string): Buffer {
  return readFileSync(require.resolve(`@zazuko/yasgui/build/${file}`));
}

export interface PortalAssets {
  readonly css: Asset;
  /** Starts the SPARQL editor on the SPARQL page. */
  readonly editorScript: Asset;
  /** Suggestions as you type in the search boxes (progressive enhancement). */
  readonly suggestScript: Asset;
  /** The SPARQL editor, built lazily (about 1 MB of script) the first time it is asked for. */
  yasgui(): { readonly script: Asset; readonly css: Asset };
  /** Every asset by path, for the static route (the editor's only once built). */
  find(path: string): Asset | undefined;
}

let shared: PortalAssets | undefined;

/** The assets of this process (read once). */
export function portalAssets(): PortalAssets {
  if (shared !== undefined) return shared;
  const css = portalCss();
  const editorScript = asset('sparql-editor', 'js', 'text/javascript; charset=utf-8', Buffer.from(SPARQL_EDITOR_SCRIPT, 'utf8'));
  const suggestScript = asset('suggest', 'js', 'text/javascript; charset=utf-8', Buffer.from(SUGGEST_SCRIPT, 'utf8'));
  let editor: { script: Asset; css: Asset } | undefined;
  const yasgui = () => {
    editor ??= {
      script: asset('yasgui', 'js', 'text/javascript; charset=utf-8', yasguiFile('yasgui.min.js')),
      css: asset('yasgui', 'css', 'text/css; charset=utf-8', yasguiFile('yasgui.min.css')),
    };
    return editor;
  };
  shared = {
    css,
    editorScript,
    suggestScript,
    yasgui,
    find: (path) => {
      if (path === css.path) return css;
      if (path === editorScript.path) return editorScript;
      if (path === suggestScript.path) return suggestScript;
      if (path.startsWith('/assets/yasgui.')) {
        const e = yasgui();
        return [e.script, e.css].find((a) => a.path === path);
      }
      return undefined;
    },
  };
  return shared;
}
