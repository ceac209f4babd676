/**
 * RSS 2.0 (https://www.rssboard.org/rss-specification) and Atom (RFC 4287) documents of a list of
 * entries. Text is escaped for XML and stripped of characters XML 1.0 does not allow.
 */
export interface FeedEntry {
  /** The record URI: the entry's link and its permanent id. */
  readonly uri: string;
  readonly title: string;
  readonly summary: string | null;
  /** When the record was first harvested (RSS pubDate, Atom published). */
  readonly published: string;
  /** Its last change (Atom updated). */
  readonly updated: string;
  readonly author: string | null;
  readonly categories: readonly string[];
}

export interface Feed {
  readonly title: string;
  readonly description: string;
  /** The feed's own URL (with its parameters). */
  readonly self: string;
  /** The same search as a web page. */
  readonly alternate: string;
  readonly language: string;
  /** The newest entry's time, or now for an empty feed. */
  readonly updated: string;
  /** Who publishes the feed (the catalog). */
  readonly author: string;
  readonly entries: readonly FeedEntry[];
}

// XML 1.0 Char: #x9 | #xA | #xD | [#x20-#xD7FF] | [#xE000-#xFFFD] | [#x10000-#x10FFFF].
// eslint-disable-next-line no-control-regex
const NOT_XML_CHAR = /[^\u0009\u000A\u000D\u0020-\uD7FF\uE000-\uFFFD\u{10000}-\u{10FFFF}]/gu;

export function xmlText(value: string): string {
  return value.replace(NOT_XML_CHAR, '').replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;').replace(/'/g, '&apos;');
}

/** RFC 822 date-time as RSS wants it (`Sat, 05 Dec 2026 12:00:00 GMT`). */
function rfc822(iso: string): string {
  return new Date(iso).toUTCString();
}

export function rssDocument(feed: Feed): string {
  const items = feed.entries.map((e) =>
    [
      '    <item>',
      `      <title>${xmlText(e.title)}</title>`,
      `      <link>${xmlText(e.uri)}</link>`,
      `      <guid isPermaLink="true">${xmlText(e.uri)}</guid>`,
      `      <pubDate>${rfc822(e.published)}</pubDate>`,
      ...(e.summary !== null ? [`      <description>${xmlText(e.summary)}</description>`] : []),
      ...(e.author !== null ? [`      <dc:creator>${xmlText(e.author)}</dc:creator>`] : []),
      ...e.categories.map((c) => `      <category>${xmlText(c)}</category>`),
      '    </item>',
    ].join('\n'),
  );
  return [
    '<?xml version="1.0" encoding="UTF-8"?>',
    '<rss version="2.0" xmlns:atom="http://www.w3.org/2005/Atom" xmlns:dc="http://purl.org/dc/elements/1.1/">',
    '  <channel>',
    `    <title>${xmlText(feed.title)}</title>`,
    `    <link>${xmlText(feed.alternate)}</link>`,
    `    <description>${xmlText(feed.description)}</description>`,
    `    <language>${xmlText(feed.language)}</language>`,
    `    <lastBuildDate>${rfc822(feed.updated)}</lastBuildDate>`,
    `    <atom:link href="${xmlText(feed.self)}" rel="self" type="application/rss+xml"/>`,
    ...items,
    '  </channel>',
    '</rss>',
    '',
  ].join('\n');
}

export function atomDocument(feed: Feed): string {
  const entries = feed.entries.map((e) =>
    [
      '  <entry>',
      `    <id>${xmlText(e.uri)}</id>`,
      `    <title type="text">${xmlText(e.title)}</title>`,
      `    <link rel="alternate" href="${xmlText(e.uri)}"/>`,
      `    <published>${new Date(e.published).toISOString()}</published>`,
      `    <updated>${new Date(e.updated).toISOString()}</updated>`,
      ...(e.author !== null ? [`    <author><name>${xmlText(e.author)}</name></author>`] : []),
      ...(e.summary !== null ? [`    <summary type="text">${xmlText(e.summary)}</summary>`] : []),
      ...e.categories.map((c) => `    <category term="${xmlText(c)}"/>`),
      '  </entry>',
    ].join('\n'),
  );
  return [
    '<?xml version="1.0" encoding="UTF-8"?>',
    `<feed xmlns="http://www.w3.org/2005/Atom" xml:lang="${xmlText(feed.language)}">`,
    `  <id>${xmlText(feed.self)}</id>`,
    `  <title type="text">${xmlText(feed.title)}</title>`,
    `  <subtitle type="text">${xmlText(feed.description)}</subtitle>`,
    `  <updated>${new Date(feed.updated).toISOString()}</updated>`,
    `  <link rel="self" type="application/atom+xml" href="${xmlText(feed.self)}"/>`,
    `  <link rel="alternate" type="text/html" href="${xmlText(feed.alternate)}"/>`,
    `  <author><name>${xmlText(feed.author)}</name></author>`,
    ...entries,
    '</feed>',
    '',
  ].join('\n');
}
