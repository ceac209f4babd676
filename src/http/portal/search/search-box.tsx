import type { PortalContext } from '../portal-context.js';

export interface SearchBoxProps {
  readonly ctx: PortalContext;
  readonly q: string;
  /** Hidden fields that keep the rest of the state (filters, sort) when the text changes. */
  readonly keep?: Readonly<Record<string, string | readonly string[] | undefined>>;
  /** The search field's id (unique on the page). */
  readonly id?: string;
}

/** What the suggestion script (assets/suggest-script.ts) says, in the page language. */
function suggestWords(ctx: PortalContext): string {
  const { t } = ctx;
  const kinds = Object.fromEntries(Object.entries(t.kinds).map(([kind, names]) => [kind, names.one]));
  return JSON.stringify({ lang: ctx.lang, kinds, publisher: t.search.publisher, one: t.search.suggestions.one, many: t.search.suggestions.many, none: t.search.suggestions.none });
}

/**
 * The search form: GET /search, so it works without JavaScript and the result is a link. With
 * JavaScript, the suggestion script makes the field a combobox with suggestions as you type.
 */
export function SearchBox({ ctx, q, keep = {}, id = 'q' }: SearchBoxProps) {
  const { t } = ctx;
  const hidden: [string, string][] = [];
  for (const [name, value] of Object.entries(keep)) {
    if (value === undefined || name === 'q' || name === 'page' || name === 'lang') continue;
    for (const v of Array.isArray(value) ? (value as readonly string[]) : [value as string]) if (v !== '') hidden.push([name, v]);
  }
  return (
    <form class="dk-search-form" role="search" method="get" action="/search">
      <div class="ds-field">
        <label class="ds-label" for={id}>
          {t.search.label}
        </label>
        <input class="ds-input" type="search" id={id} name="q" value={q} placeholder={t.search.placeholder} autoComplete="off" data-suggest={suggestWords(ctx)} />
      </div>
      <input type="hidden" name="lang" value={ctx.lang} />
      {hidden.map(([name, value], i) => (
        <input key={`${name}-${i}`} type="hidden" name={name} value={value} />
      ))}
      <button class="ds-button" data-variant="primary" type="submit">
        {t.search.button}
      </button>
    </form>
  );
}
