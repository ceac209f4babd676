import type { PortalContext } from '../portal-context.js';

export interface PaginationProps {
  readonly ctx: PortalContext;
  /** The navigation's accessible name. */
  readonly label: string;
  /** The page shown, from 1. */
  readonly page: number;
  readonly pages: number;
  /** The link to page `p` (from 1). */
  readonly link: (p: number) => string;
}

/**
 * Links to the previous and next page and to the pages around the current one, the first and the
 * last; nothing when there is one page. The current page is marked with `aria-current`.
 */
export function Pagination({ ctx, label, page, pages, link }: PaginationProps) {
  const { t } = ctx;
  if (pages <= 1) return null;
  const shown = [...new Set([1, page - 2, page - 1, page, page + 1, page + 2, pages])].filter((p) => p >= 1 && p <= pages).sort((a, b) => a - b);
  // A page past the last (an old link, a list that shrank): "previous" goes to the last page, not to another past it.
  const previous = Math.min(page - 1, pages);
  return (
    <nav class="dk-pagination" aria-label={label}>
      <ol>
        {page > 1 && (
          <li>
            <a class="ds-link" href={link(previous)} rel="prev">
              {t.search.previous}
            </a>
          </li>
        )}
        {shown.map((p) => (
          <li key={p}>
            {p === page ? (
              <span aria-current="page">
                <span class="dk-sr-only">{t.search.page(p)}</span>
                <span aria-hidden="true">{p}</span>
              </span>
            ) : (
              <a class="ds-link" href={link(p)} aria-label={t.search.page(p)}>
                {p}
              </a>
            )}
          </li>
        ))}
        {page < pages && (
          <li>
            <a class="ds-link" href={link(page + 1)} rel="next">
              {t.search.next}
            </a>
          </li>
        )}
      </ol>
    </nav>
  );
}
