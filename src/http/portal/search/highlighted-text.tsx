import type { ComponentChildren } from 'preact';

const ENTITIES: Readonly<Record<string, string>> = { '&amp;': '&', '&lt;': '<', '&gt;': '>', '&quot;': '"', '&#39;': "'" };

/**
 * A search highlight (`HTML-escaped text with <mark>…</mark>`, as the search port gives it) as
 * components: the text between the marks is decoded and rendered as text again, so the renderer's
 * escaping applies to it and nothing from the index is ever inserted as markup.
 */
export function HighlightedText({ html }: { readonly html: string }) {
  const parts: ComponentChildren[] = [];
  let marked = false;
  let key = 0;
  for (const piece of html.split(/(<mark>|<\/mark>)/)) {
    if (piece === '<mark>') marked = true;
    else if (piece === '</mark>') marked = false;
    else if (piece !== '') {
      const text = piece.replace(/&(?:amp|lt|gt|quot|#39);/g, (e) => ENTITIES[e]!);
      parts.push(marked ? <mark key={key++}>{text}</mark> : text);
    }
  }
  return <>{parts}</>;
}
