import { PageLayout } from '../layout/page-layout.js';
import type { PortalContext } from '../portal-context.js';

export interface ErrorPageProps {
  readonly ctx: PortalContext;
  readonly status: number;
  /** The error's own explanation (English, from the typed error), shown under the page's words. */
  readonly detail?: string;
  readonly requestId?: string;
}

/** 404, 400-range and 500 pages in the page language; the typed error's detail is marked as English. */
export function ErrorPage({ ctx, status, detail, requestId }: ErrorPageProps) {
  const { t } = ctx;
  const title = status === 404 ? t.errors.notFoundTitle : status >= 500 ? t.errors.serverTitle : t.errors.badRequestTitle;
  const text = status === 404 ? t.errors.notFoundText : status >= 500 ? t.errors.serverText : undefined;
  return (
    <PageLayout ctx={ctx} title={title}>
      <h1 class="ds-heading" data-size="lg">
        {title}
      </h1>
      {text !== undefined && <p class="ds-paragraph">{text}</p>}
      {detail !== undefined && status < 500 && (
        <div class="ds-alert" data-color={status === 404 ? 'info' : 'warning'}>
          <h2 class="ds-heading" data-size="xs">
            {t.errors.detail}
          </h2>
          <p class="ds-paragraph" lang={ctx.lang === 'en' ? undefined : 'en'}>
            {detail}
          </p>
        </div>
      )}
      {requestId !== undefined && (
        <p class="ds-paragraph">
          {t.errors.requestId}: <code>{requestId}</code>
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
