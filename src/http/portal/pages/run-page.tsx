import type { HarvestRun } from '../../../core/harvest-run.js';
import type { HarvestSource } from '../../../core/harvest-source.js';
import { formatDateTime } from '../format/dates.js';
import { PageLayout } from '../layout/page-layout.js';
import { listPage, ListPageNav } from '../records/paged-list.js';
import type { PortalContext } from '../portal-context.js';
import { countsInWords, RUN_COLOR } from './sources-page.js';

/**
 * One harvest run: when, how it ended, what changed, why it failed, and every problem with its
 * resource and cause. The causes are written by the harvester in English and marked as such.
 */
export function RunPage({ ctx, run, source }: { ctx: PortalContext; run: HarvestRun; source: HarvestSource | undefined }) {
  const { t } = ctx;
  // A run of a large source may have tens of thousands of problems: shown a page at a time.
  const shown = listPage(ctx, 'problems', run.problems);
  const name = source?.name ?? source?.url ?? run.sourceId;
  const en = ctx.lang === 'en' ? undefined : 'en';
  return (
    <PageLayout ctx={ctx} title={t.run.title(name)} section="sources">
      <h1 class="ds-heading" data-size="lg">
        {t.run.title(name)}
      </h1>
      <dl class="dk-facts">
        <dt>{t.sources.state}</dt>
        <dd>
          <span class="ds-tag" data-color={RUN_COLOR[run.state]}>
            {t.sources.runStates[run.state]}
          </span>
        </dd>
        {source !== undefined && (
          <>
            <dt>{t.run.source}</dt>
            <dd class="dk-iri">{source.url}</dd>
            <dt>{t.sources.publisher}</dt>
            <dd>
              <a class="ds-link" href={ctx.href(`/publishers/${source.publisher}`)}>
                {source.publisher}
              </a>
            </dd>
          </>
        )}
        <dt>{t.run.started}</dt>
        <dd>{formatDateTime(run.startedAt, ctx.lang)}</dd>
        {run.endedAt !== undefined && (
          <>
            <dt>{t.run.ended}</dt>
            <dd>{formatDateTime(run.endedAt, ctx.lang)}</dd>
          </>
        )}
        {run.documents !== undefined && (
          <>
            <dt>{t.run.documents}</dt>
            <dd>{run.documents}</dd>
          </>
        )}
        <dt>{t.sources.counts}</dt>
        <dd>{countsInWords(t, run.counts)}</dd>
      </dl>
      {run.notModified === true && <p class="ds-paragraph">{t.run.notModified}</p>}
      {run.error !== undefined && (
        <div class="ds-alert" data-color="danger">
          <h2 class="ds-heading" data-size="xs">
            {t.run.error}
          </h2>
          <p class="ds-paragraph" lang={en}>
            {run.error}
          </p>
        </div>
      )}
      <section class="dk-section" aria-labelledby="problems">
        <h2 class="ds-heading" data-size="sm" id="problems">
          {t.run.problems} ({run.problems.length})
        </h2>
        {run.problems.length === 0 ? (
          <p class="ds-paragraph">{t.run.noProblems}</p>
        ) : (
          <>
          <ul class="dk-hits" aria-labelledby="problems">
            {shown.items.map((p, i) => (
              <li key={i} class="dk-hit">
                <p class="ds-paragraph">
                  <span class="ds-tag" data-color={p.kind === 'note' ? 'info' : 'warning'}>
                    {t.run.problemKinds[p.kind]}
                  </span>
                  {p.line !== undefined ? ` (${t.run.line} ${p.line})` : ''}
                </p>
                {p.resource !== undefined && <p class="ds-paragraph dk-iri">{p.resource}</p>}
                <p class="ds-paragraph" lang={en}>
                  {p.message}
                </p>
              </li>
            ))}
          </ul>
          <ListPageNav ctx={ctx} list={shown} heading={t.run.problems} anchor="problems" />
          </>
        )}
      </section>
    </PageLayout>
  );
}
