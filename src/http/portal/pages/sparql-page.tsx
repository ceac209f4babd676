import { portalAssets } from '../assets/asset-bundle.js';
import { PageLayout } from '../layout/page-layout.js';
import type { PortalContext } from '../portal-context.js';
import { SPARQL_EXAMPLES } from './sparql-examples.js';

export interface SparqlPageProps {
  readonly ctx: PortalContext;
  /** The endpoint's public URL. */
  readonly endpoint: string;
  /** Load the YASGUI editor on top of the plain form. */
  readonly editor: boolean;
}

/**
 * The SPARQL page for browsers: a plain form that GETs /sparql?query=… (works without JavaScript)
 * with the catalog questions as examples; with JavaScript, the YASGUI editor (served from this
 * origin) takes the form's place and runs the same queries against the same endpoint.
 */
export function SparqlPage({ ctx, endpoint, editor }: SparqlPageProps) {
  const { t } = ctx;
  const assets = editor ? portalAssets().yasgui() : undefined;
  const first = SPARQL_EXAMPLES[0]!;
  return (
    <PageLayout
      ctx={ctx}
      title={t.sparql.title}
      section="sparql"
      head={assets === undefined ? undefined : <link rel="stylesheet" href={assets.css.path} />}
      scripts={assets === undefined ? [] : [assets.script.path, portalAssets().editorScript.path]}
    >
      <h1 class="ds-heading" data-size="lg">
        {t.sparql.title}
      </h1>
      <p class="ds-paragraph">
        {t.sparql.intro} <code>{endpoint}</code>
      </p>
      {editor && <div id="yasgui" class="dk-yasgui" data-endpoint="/sparql" data-endpoint-label={t.sparql.endpoint} hidden></div>}
      <SparqlQueryForm ctx={ctx} query={first.query} />
      <section class="dk-section" aria-labelledby="examples">
        <h2 class="ds-heading" data-size="sm" id="examples">
          {t.sparql.examples}
        </h2>
        <ul class="ds-list">
          {SPARQL_EXAMPLES.map((e) => (
            <li key={e.id}>
              <details class="ds-details">
                <summary>{t.sparql.exampleNames[e.id]}</summary>
                <div>
                  <pre>
                    <code>{e.query}</code>
                  </pre>
                  <p>
                    <a class="ds-link" href={`sparql?${new URLSearchParams({ query: e.query, lang: ctx.lang }).toString()}`} data-example={e.id}>
                      {t.sparql.run}
                    </a>
                  </p>
                </div>
              </details>
            </li>
          ))}
        </ul>
      </section>
    </PageLayout>
  );
}

/**
 * The plain query form: it GETs /sparql?query=…, which answers a browser with the results as a page
 * (sparql-results-page.tsx), so it works without script; the page's language goes with it.
 */
export function SparqlQueryForm({ ctx, query }: { ctx: PortalContext; query: string }) {
  const { t } = ctx;
  return (
    <form method="get" action="sparql" id="sparql-form">
      <input type="hidden" name="lang" value={ctx.lang} />
      <div class="ds-field">
        <label class="ds-label" for="query">
          {t.sparql.query}
        </label>
        <textarea class="ds-input" id="query" name="query" rows={14} spellcheck={false}>
          {query}
        </textarea>
      </div>
      <p>
        <button class="ds-button" data-variant="primary" type="submit">
          {t.sparql.run}
        </button>
      </p>
    </form>
  );
}
