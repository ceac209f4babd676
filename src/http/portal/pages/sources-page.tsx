import type { HarvestRun, RunCounts } from '../../../core/harvest-run.js';
import type { HarvestSource } from '../../../core/harvest-source.js';
import { formatDateTime } from '../format/dates.js';
import { PageLayout } from '../layout/page-layout.js';
import type { PortalContext } from '../portal-context.js';
import type { Messages } from '../i18n/messages.js';

export interface SourceStatus {
  readonly source: HarvestSource;
  readonly latestRun: HarvestRun | undefined;
}

export const RUN_COLOR = { running: 'info', succeeded: 'success', failed: 'danger', interrupted: 'warning' } as const;

/** `12 nye, 3 endret, 40 uendret` — the counts that are not zero, in words. */
export function countsInWords(t: Messages, counts: RunCounts): string {
  const parts = (Object.keys(t.sources.countNames) as (keyof RunCounts)[]).filter((k) => counts[k] > 0).map((k) => `${counts[k]} ${t.sources.countNames[k]}`);
  return parts.length === 0 ? '0' : parts.join(', ');
}

/** /sources: every source with the state and counts of its last run, each run a link to its page. */
export function SourcesPage({ ctx, sources }: { ctx: PortalContext; sources: readonly SourceStatus[] }) {
  const { t } = ctx;
  return (
    <PageLayout ctx={ctx} title={t.sources.title} section="sources">
      <h1 class="ds-heading" data-size="lg">
        {t.sources.title}
      </h1>
      <p class="ds-paragraph">{t.sources.intro}</p>
      {sources.length === 0 && <p class="ds-paragraph">{t.sources.none}</p>}
      <ul class="dk-hits">
        {sources.map(({ source, latestRun }) => (
          <li key={source.id} class="dk-hit">
            <h2 class="ds-heading" data-size="xs">
              {source.name ?? source.url}
            </h2>
            <dl class="dk-facts">
              <dt>{t.sources.source}</dt>
              <dd class="dk-iri">{source.url}</dd>
              <dt>{t.sources.publisher}</dt>
              <dd>
                <a class="ds-link" href={ctx.href(`/publishers/${source.publisher}`)}>
                  {source.publisher}
                </a>
              </dd>
              <dt>{t.sources.state}</dt>
              <dd>
                {latestRun === undefined ? (
                  t.sources.never
                ) : (
                  <span class="ds-tag" data-color={RUN_COLOR[latestRun.state]}>
                    {t.sources.runStates[latestRun.state]}
                  </span>
                )}
              </dd>
              {latestRun !== undefined && (
                <>
                  <dt>{t.sources.lastRun}</dt>
                  <dd>
                    <a class="ds-link" href={ctx.href(`/runs/${latestRun.id}`)}>
                      {formatDateTime(latestRun.startedAt, ctx.lang)}
                    </a>
                  </dd>
                  <dt>{t.sources.counts}</dt>
                  <dd>
                    {countsInWords(t, latestRun.counts)}
                    {latestRun.problems.length > 0 ? ` · ${t.run.problemCount(latestRun.problems.length)}` : ''}
                  </dd>
                </>
              )}
            </dl>
          </li>
        ))}
      </ul>
    </PageLayout>
  );
}
