import type { QueryForm } from '../../../core/ports/sparql-index.js';
import { formatCount } from '../format/dates.js';
import { PageLayout } from '../layout/page-layout.js';
import type { PortalContext } from '../portal-context.js';
import { SparqlQueryForm } from './sparql-page.js';

/** Solutions a results page shows; the endpoint gives all of them in the data formats. */
export const MAX_SHOWN_SOLUTIONS = 1000;
/** Characters of a graph result a results page shows. */
export const MAX_SHOWN_GRAPH_CHARS = 200_000;

/** One value of a solution, as SPARQL 1.1 Query Results JSON writes it. */
interface JsonTerm {
  readonly type: 'uri' | 'literal' | 'typed-literal' | 'bnode' | 'triple';
  readonly value: string;
  readonly 'xml:lang'?: string;
  readonly datatype?: string;
}

interface JsonResults {
  readonly head?: { readonly vars?: readonly string[] };
  readonly boolean?: boolean;
  readonly results?: { readonly bindings?: readonly Readonly<Record<string, JsonTerm>>[] };
}

export interface SparqlResultsPageProps {
  readonly ctx: PortalContext;
  readonly query: string;
  readonly form: QueryForm;
  /** SPARQL JSON results (SELECT, ASK) or Turtle (CONSTRUCT, DESCRIBE), as the index wrote them. */
  readonly body: string;
}

/**
 * What /sparql answers a browser that submitted the plain form (its Accept prefers text/html): the
 * query again, in the form, and its results as a table, a yes or no, or the graph in Turtle; the first
 * MAX_SHOWN_SOLUTIONS solutions (and MAX_SHOWN_GRAPH_CHARS of a graph), saying how many there are.
 * Without this a browser got SPARQL XML, which it saved as a file. Every value is text in the page
 * (escaped); only http(s) IRIs are links.
 */
export function SparqlResultsPage({ ctx, query, form, body }: SparqlResultsPageProps) {
  const { t } = ctx;
  return (
    <PageLayout ctx={ctx} title={`${t.sparql.results} – ${t.sparql.title}`} section="sparql">
      <h1 class="ds-heading" data-size="lg">
        {t.sparql.title}
      </h1>
      <SparqlQueryForm ctx={ctx} query={query} />
      <section class="dk-section" aria-labelledby="results">
        <h2 class="ds-heading" data-size="sm" id="results">
          {t.sparql.results}
        </h2>
        {form === 'SELECT' || form === 'ASK' ? <Solutions ctx={ctx} results={JSON.parse(body) as JsonResults} /> : <GraphText ctx={ctx} text={body} />}
      </section>
    </PageLayout>
  );
}

function Solutions({ ctx, results }: { ctx: PortalContext; results: JsonResults }) {
  const { t } = ctx;
  if (typeof results.boolean === 'boolean') return <p class="ds-paragraph">{results.boolean ? t.sparql.askTrue : t.sparql.askFalse}</p>;
  const vars = results.head?.vars ?? [];
  const rows = results.results?.bindings ?? [];
  if (rows.length === 0) return <p class="ds-paragraph">{t.sparql.noSolutions}</p>;
  const shown = rows.slice(0, MAX_SHOWN_SOLUTIONS);
  return (
    <>
      <p class="ds-paragraph">{t.sparql.solutions(formatCount(shown.length, ctx.lang), formatCount(rows.length, ctx.lang))}</p>
      {/* Wide results scroll inside the page, reachable with the keyboard (WCAG 1.4.10, 2.1.1). */}
      <div class="dk-table-wrap" tabindex={0} role="region" aria-labelledby="results">
        <table class="ds-table" data-border="true">
          <thead>
            <tr>
              {vars.map((v) => (
                <th key={v} scope="col">
                  ?{v}
                </th>
              ))}
            </tr>
          </thead>
          <tbody>
            {shown.map((row, i) => (
              <tr key={i}>
                {vars.map((v) => (
                  <td key={v}>{row[v] === undefined ? '' : <Term term={row[v]} />}</td>
                ))}
              </tr>
            ))}
          </tbody>
        </table>
      </div>
    </>
  );
}

function Term({ term }: { term: JsonTerm }) {
  if (term.type === 'uri') return /^https?:\/\//i.test(term.value) ? <a class="ds-link" href={term.value}>{term.value}</a> : <>{term.value}</>;
  if (term.type === 'bnode') return <>_:{term.value}</>;
  const lang = term['xml:lang'];
  return lang !== undefined && /^[A-Za-z]{1,8}(-[A-Za-z0-9]{1,8})*$/.test(lang) ? <span lang={lang}>{term.value}</span> : <>{term.value}</>;
}

function GraphText({ ctx, text }: { ctx: PortalContext; text: string }) {
  const cut = text.length > MAX_SHOWN_GRAPH_CHARS;
  return (
    <>
      {cut && <p class="ds-paragraph">{ctx.t.sparql.graphCut(formatCount(MAX_SHOWN_GRAPH_CHARS, ctx.lang), formatCount(text.length, ctx.lang))}</p>}
      <pre class="dk-pre" tabindex={0} role="region" aria-labelledby="results">
        <code>{cut ? text.slice(0, MAX_SHOWN_GRAPH_CHARS) : text}</code>
      </pre>
    </>
  );
}
