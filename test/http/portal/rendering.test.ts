import { describe, expect, it } from 'vitest';
import { h } from 'preact';
import { renderDocument } from '../../../src/http/portal/html/render-document.js';
import { linkableUrl } from '../../../src/http/portal/html/safe-url.js';
import { HighlightedText } from '../../../src/http/portal/search/highlighted-text.js';

describe('rendering HTML', () => {
  it('escapes text and attribute values from data by default', () => {
    const hostile = '<script>alert(1)</script>" onmouseover="x';
    const html = renderDocument(h('p', { title: hostile }, hostile));
    expect(html).not.toContain('<script>');
    expect(html).not.toContain('" onmouseover="');
    expect(html).toContain('&lt;script>');
  });

  it('shows search highlights as <mark> without ever inserting the index text as markup', () => {
    // The port's highlight is escaped text with <mark>; the text between marks is rendered as text again.
    const html = renderDocument(h('p', null, h(HighlightedText, { html: 'Vann &amp; &lt;b&gt;avløp <mark>vann</mark>&#39;s' })));
    expect(html).toContain('<p>Vann &amp; &lt;b>avløp <mark>vann</mark>\'s</p>');
    expect(html).not.toContain('<b>');
  });

  it('makes links only of http and https URLs from records', () => {
    expect(linkableUrl('https://data.norge.no/x')).toBe('https://data.norge.no/x');
    expect(linkableUrl('javascript:alert(1)')).toBeUndefined();
    expect(linkableUrl('data:text/html,<b>')).toBeUndefined();
    expect(linkableUrl('not a url')).toBeUndefined();
  });
});
