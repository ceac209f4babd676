/**
 * The portal's own CSS, on top of Designsystemet: page frame, the search layout and what the design
 * system leaves to the page (long IRIs that must wrap at 320 px, a focus ring on plain elements).
 */
export const PORTAL_CSS = `
@layer dk {
  html { font-family: Inter, system-ui, -apple-system, "Segoe UI", Roboto, Arial, sans-serif; }
  body { margin: 0; background: var(--ds-color-neutral-background-default); color: var(--ds-color-neutral-text-default); line-height: 1.5; }
  :where(a, button, input, select, textarea, summary, [tabindex]):focus-visible { outline: 3px solid var(--ds-color-focus-outer, #00244e); outline-offset: 2px; box-shadow: 0 0 0 6px var(--ds-color-focus-inner, #fff); }
  main:focus { outline: none; }
  .dk-wrap { max-width: 78rem; margin: 0 auto; padding: 0 1rem; box-sizing: border-box; }
  .dk-header { background: var(--ds-color-accent-surface-tinted); border-bottom: 1px solid var(--ds-color-neutral-border-subtle); }
  .dk-header .dk-wrap { display: flex; flex-wrap: wrap; gap: .5rem 1.5rem; align-items: center; justify-content: space-between; padding-block: .75rem; }
  .dk-brand { font-weight: 700; font-size: 1.25rem; color: var(--ds-color-neutral-text-default); text-decoration: none; }
  .dk-nav ul, .dk-langs ul { display: flex; flex-wrap: wrap; gap: .25rem 1rem; list-style: none; margin: 0; padding: 0; }
  .dk-nav a[aria-current="page"] { font-weight: 700; }
  .dk-langs a[aria-current="true"] { font-weight: 700; }
  main { display: block; padding-block: 1.5rem 3rem; }
  .dk-footer { border-top: 1px solid var(--ds-color-neutral-border-subtle); padding-block: 1.5rem; font-size: .95rem; }
  h1, h2, h3 { line-height: 1.25; }
  p, li, dd, td, th, h1, h2, h3 { overflow-wrap: anywhere; }
  code, .dk-iri { overflow-wrap: anywhere; word-break: break-word; font-family: ui-monospace, SFMono-Regular, Menlo, Consolas, monospace; font-size: .9em; }
  mark { background: var(--ds-color-warning-surface-tinted, #fff3c4); color: inherit; padding: 0 .1em; }
  .dk-search-form { display: flex; flex-wrap: wrap; gap: .5rem; align-items: flex-end; margin-block: 1rem; }
  .dk-search-form .ds-field { flex: 1 1 14rem; min-width: 0; }
  .dk-combobox { position: relative; }
  .dk-suggestions { position: absolute; left: 0; right: 0; top: 100%; z-index: 10; margin: .25rem 0 0; padding: .25rem 0; list-style: none; background: var(--ds-color-neutral-background-default); border: 1px solid var(--ds-color-neutral-border-default); border-radius: var(--ds-border-radius-md, 4px); box-shadow: 0 4px 12px rgb(0 0 0 / .15); }
  .dk-suggestion { padding: .5rem .75rem; cursor: pointer; overflow-wrap: anywhere; }
  .dk-suggestion:hover { background: var(--ds-color-neutral-surface-hover, #f0f0f0); }
  .dk-suggestion[aria-selected="true"] { background: var(--ds-color-accent-surface-tinted); outline: 3px solid var(--ds-color-focus-outer, #00244e); outline-offset: -3px; }
  .dk-search-layout { display: grid; grid-template-columns: minmax(0, 1fr); gap: 1.5rem; }
  @media (min-width: 60rem) { .dk-search-layout { grid-template-columns: 18rem minmax(0, 1fr); } }
  .dk-facets h2 { font-size: 1.1rem; }
  .dk-facet { margin-block: 0 .75rem; }
  .dk-facet summary { cursor: pointer; font-weight: 600; padding-block: .25rem; }
  .dk-facet ul { list-style: none; margin: .25rem 0 .5rem; padding-left: .25rem; }
  .dk-facet ul ul { padding-left: 1rem; }
  .dk-facet li { margin-block: .2rem; }
  .dk-facet a[aria-current="true"] { font-weight: 700; }
  .dk-count { color: var(--ds-color-neutral-text-subtle); font-variant-numeric: tabular-nums; }
  .dk-chips { display: flex; flex-wrap: wrap; gap: .5rem; list-style: none; margin: .5rem 0; padding: 0; }
  /* A chip holds a value's label or, without one, its IRI: it wraps (data-wrap) inside the page rather than widen it (WCAG 1.4.10). */
  .dk-chips a.ds-chip { text-decoration: none; max-width: 100%; overflow-wrap: anywhere; }
  .dk-tabs { display: flex; flex-wrap: wrap; gap: .25rem .75rem; list-style: none; margin: 0 0 1rem; padding: 0 0 .5rem; border-bottom: 1px solid var(--ds-color-neutral-border-subtle); }
  .dk-tabs a[aria-current="page"] { font-weight: 700; text-decoration-thickness: 3px; }
  .dk-toolbar { display: flex; flex-wrap: wrap; gap: .5rem 1rem; align-items: flex-end; justify-content: space-between; margin-block: .5rem 1rem; }
  .dk-toolbar form { display: flex; flex-wrap: wrap; gap: .5rem; align-items: flex-end; }
  .dk-hits { list-style: none; margin: 0; padding: 0; display: grid; gap: 1rem; }
  .dk-hit { border: 1px solid var(--ds-color-neutral-border-subtle); border-radius: var(--ds-border-radius-md, 4px); padding: 1rem; background: var(--ds-color-neutral-background-default); }
  .dk-hit h3 { margin: 0 0 .25rem; font-size: 1.15rem; }
  .dk-hit p { margin: .25rem 0; }
  .dk-meta { display: flex; flex-wrap: wrap; gap: .25rem 1rem; font-size: .9rem; color: var(--ds-color-neutral-text-subtle); margin: .25rem 0 0; padding: 0; list-style: none; }
  .dk-tags { display: flex; flex-wrap: wrap; gap: .25rem; margin: .5rem 0 0; padding: 0; list-style: none; }
  .dk-facts { display: grid; grid-template-columns: minmax(0, 1fr); gap: .25rem 1rem; margin: 0; }
  @media (min-width: 40rem) { .dk-facts { grid-template-columns: minmax(8rem, 14rem) minmax(0, 1fr); } }
  .dk-facts dt { font-weight: 600; }
  .dk-facts dd { margin: 0 0 .5rem; }
  .dk-section { margin-block: 2rem; }
  .dk-cards { display: grid; grid-template-columns: repeat(auto-fill, minmax(min(100%, 14rem), 1fr)); gap: 1rem; list-style: none; padding: 0; }
  .dk-table-wrap { max-width: 100%; overflow-x: auto; }
  .dk-table-wrap table { width: 100%; }
  .dk-report-group { margin-block: 1rem; }
  .dk-tree, .dk-tree ul { list-style: none; margin: .25rem 0; padding-left: 0; }
  .dk-tree ul { padding-left: 1.25rem; border-left: 1px solid var(--ds-color-neutral-border-subtle); }
  .dk-tree li { margin-block: .2rem; }
  .dk-element { border-top: 1px solid var(--ds-color-neutral-border-subtle); padding-block: 1rem; }
  .dk-element:target, .dk-props li:target { background: var(--ds-color-accent-surface-tinted); }
  .dk-props { list-style: none; margin: .5rem 0; padding: 0; display: grid; gap: .75rem; }
  .dk-props li { border-left: 3px solid var(--ds-color-neutral-border-subtle); padding-left: .75rem; }
  .dk-props p { margin: .15rem 0; }
  .dk-pagination ol { display: flex; flex-wrap: wrap; gap: .25rem; list-style: none; padding: 0; }
  .dk-pagination a, .dk-pagination span { display: inline-block; min-width: 2.5rem; padding: .4rem .6rem; text-align: center; }
  .dk-pagination [aria-current="page"] { font-weight: 700; border: 2px solid currentColor; border-radius: var(--ds-border-radius-md, 4px); }
  textarea.ds-input { font-family: ui-monospace, SFMono-Regular, Menlo, Consolas, monospace; min-height: 12rem; width: 100%; box-sizing: border-box; }
  .dk-yasgui { min-height: 20rem; }
  .dk-pre-line { white-space: pre-line; }
  .dk-pre { max-width: 100%; overflow-x: auto; }
  .dk-sr-only { position: absolute; width: 1px; height: 1px; overflow: hidden; clip: rect(0 0 0 0); white-space: nowrap; }
}
/* Outside the layers, to win over the SPARQL editor's own (unlayered) CSS. One editor tab is all the
   page uses: the tab bar (an incomplete tablist) is not shown; CodeMirror token colours under 4.5:1
   on white are darkened. */
#yasgui .tabsList { display: none; }
#yasgui .cm-s-default .cm-string-2, #yasgui .cm-string-2 { color: #8a3a00; }
`;
