import type { JSX } from 'preact';
import { renderToString } from 'preact-render-to-string';

/**
 * The portal's one way to make HTML: preact components rendered to a string on the server. Text and
 * attribute values are escaped by the renderer (`<`, `&`, `"`), so data from harvested records can
 * never become markup; the only way around it is preact's explicit `dangerouslySetInnerHTML`, which
 * the portal does not use.
 */
export function renderDocument(page: JSX.Element): string {
  return `<!doctype html>\n${renderToString(page)}`;
}
