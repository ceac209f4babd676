import { formatCount } from '../format/dates.js';
import { Pagination } from '../layout/pagination.js';
import type { PortalContext } from '../portal-context.js';

/** How many items of one list a record page shows at a time. */
export const LIST_PAGE_SIZE = 100;

/** One page of a long list on a record page: which items, and where they stand in the whole. */
export interface ListPage<T> {
  /** The query parameter that names the page (`?distributions=2`). */
  readonly name: string;
  readonly items: readonly T[];
  /** From 1. */
  readonly page: number;
  readonly pages: number;
  readonly total: number;
}

/**
 * The page of `items` the request asks for with `?{name}=n` (the first when it asks for none, or for
 * one that is not a page of the list). A record may list 10 000 distributions or the 20 000 datasets of
 * a catalog: shown whole, such a page took a second and 5 MB of HTML.
 */
export function listPage<T>(ctx: PortalContext, name: string, items: readonly T[], size: number = LIST_PAGE_SIZE): ListPage<T> {
  const pages = Math.max(1, Math.ceil(items.length / size));
  const page = askedPage(currentParams(ctx.currentPath), name, pages);
  return { name, items: items.slice((page - 1) * size, page * size), page, pages, total: items.length };
}

/** The query parameters of the page's own path and query. */
export function currentParams(currentPath: string): URLSearchParams {
  return new URL(currentPath, 'http://portal.invalid').searchParams;
}

/** The page `?{name}=n` asks for, within 1…pages; the first when it asks for none or for what is not a page number. */
export function askedPage(params: URLSearchParams, name: string, pages: number): number {
  const asked = params.get(name);
  return asked !== null && /^[1-9]\d{0,8}$/.test(asked) ? Math.min(Number(asked), Math.max(1, pages)) : 1;
}

/**
 * What part of a long list is shown and links to its other pages, each back at the list (`#{anchor}`);
 * nothing for a list of one page. The other query parameters of the page are kept.
 */
export function ListPageNav<T>({ ctx, list, heading, anchor, size = LIST_PAGE_SIZE }: { ctx: PortalContext; list: ListPage<T>; heading: string; anchor: string; size?: number }) {
  if (list.pages <= 1) return null;
  const url = new URL(ctx.currentPath, 'http://portal.invalid');
  const params: Record<string, string | string[]> = {};
  for (const key of new Set(url.searchParams.keys())) params[key] = url.searchParams.getAll(key);
  const from = (list.page - 1) * size + 1;
  const to = from + list.items.length - 1;
  const link = (p: number): string => `${ctx.href(url.pathname, { ...params, [list.name]: p > 1 ? String(p) : undefined })}#${anchor}`;
  return (
    <>
      <p class="ds-paragraph">{ctx.t.record.listShown(formatCount(from, ctx.lang), formatCount(to, ctx.lang), formatCount(list.total, ctx.lang))}</p>
      <Pagination ctx={ctx} label={ctx.t.record.listPages(heading)} page={list.page} pages={list.pages} link={link} />
    </>
  );
}
