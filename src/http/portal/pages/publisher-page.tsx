import type { SearchResponse } from '../../../core/ports/search-index.js';
import { formatCount, formatDateTime } from '../format/dates.js';
import { foreignLang } from '../i18n/portal-language.js';
import { PageLayout } from '../layout/page-layout.js';
import type { PortalContext } from '../portal-context.js';
import { SEGMENT_KINDS } from '../search/facet-labels.js';
import { recordPath } from '../search/record-path.js';
import { countsInWords, RUN_COLOR, type SourceStatus } from './sources-page.js';

export interface PublisherPageProps {
  readonly ctx: PortalContext;
  readonly orgnr: string;
  readonly name: string;
  /** The publisher's resources per kind (record-URI segment), newest first. */
  readonly byKind: readonly { readonly segment: keyof typeof SEGMENT_KINDS; readonly response: SearchResponse }[];
  readonly sources: readonly SourceStatus[];
}

/** /publishers/{orgnr}: the organisation, its resources per kind, its sources with their last run and problems. */
export function PublisherPage({ ctx, orgnr, name, byKind, sources }: PublisherPageProps) {
  const { t } = ctx;
  return (
    <PageLayout ctx={ctx} title={name}>
      <h1 class="ds-heading" data-size="lg">
        {name}
      </h1>
      <p class="ds-paragraph">
        {t.publisher.orgnr}: {orgnr}
      </p>
      {byKind.length === 0 && <p class="ds-paragraph">{t.publisher.nothing}</p>}
      {byKind.map(({ segment, response }) => (
        <section key={segment} class="dk-section" aria-labelledby={`kind-${segment}`}>
          <h2 class="ds-heading" data-size="sm" id={`kind-${segment}`}>
            {t.kinds[SEGMENT_KINDS[segment]].many} ({formatCount(response.total, ctx.lang)})
          </h2>
          <ul class="ds-list">
            {response.hits.map((hit) => (
              <li key={hit.id}>
                <a class="ds-link" href={ctx.href(recordPath(hit.type, hit.id))} lang={foreignLang(hit.language, ctx.lang)}>
                  {hit.title ?? hit.iri}
                </a>
              </li>
            ))}
          </ul>
          {response.total > response.hits.length && (
            <p class="ds-paragraph">
              <a class="ds-link" href={ctx.href('/search', { publisher: orgnr, type: segment })}>
                {t.publisher.seeAll(response.total)}
              </a>
            </p>
          )}
        </section>
      ))}
      <section class="dk-section" aria-labelledby="sources">
        <h2 class="ds-heading" data-size="sm" id="sources">
          {t.publisher.sources}
        </h2>
        {sources.length === 0 ? (
          <p class="ds-paragraph">{t.publisher.noSources}</p>
        ) : (
          <ul class="ds-list">
            {sources.map(({ source, latestRun }) => (
              <li key={source.id}>
                <span class="dk-iri">{source.name ?? source.url}</span>:{' '}
                {latestRun === undefined ? (
                  t.sources.never
                ) : (
                  <>
                    <span class="ds-tag" data-color={RUN_COLOR[latestRun.state]}>
                      {t.sources.runStates[latestRun.state]}
                    </span>{' '}
                    <a class="ds-link" href={ctx.href(`/runs/${latestRun.id}`)}>
                      {formatDateTime(latestRun.startedAt, ctx.lang)}
                    </a>{' '}
                    ({countsInWords(t, latestRun.counts)}
                    {latestRun.problems.length > 0 ? `; ${t.run.problemCount(latestRun.problems.length)}` : ''})
                  </>
                )}
              </li>
            ))}
          </ul>
        )}
      </section>
    </PageLayout>
  );
}
