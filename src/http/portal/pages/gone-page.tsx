import { formatDate } from '../format/dates.js';
import { PageLayout } from '../layout/page-layout.js';
import type { PortalContext } from '../portal-context.js';

export interface GonePageProps {
  readonly ctx: PortalContext;
  readonly removedAt: string;
  /** The resource IRI that is no longer published. */
  readonly iri?: string;
}

/** 410: a record that was removed, saying when. */
export function GonePage({ ctx, removedAt, iri }: GonePageProps) {
  const { t } = ctx;
  return (
    <PageLayout ctx={ctx} title={t.gone.title}>
      <h1 class="ds-heading" data-size="lg">
        {t.gone.title}
      </h1>
      <p class="ds-paragraph">{t.gone.text(formatDate(removedAt, ctx.lang))}</p>
      {iri !== undefined && (
        <p class="ds-paragraph">
          {t.gone.iri}: <span class="dk-iri">{iri}</span>
        </p>
      )}
      <p class="ds-paragraph">
        <a class="ds-link" href={ctx.href('/search')}>
          {t.errors.toSearch}
        </a>
      </p>
    </PageLayout>
  );
}
