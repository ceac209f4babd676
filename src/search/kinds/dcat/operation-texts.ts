import { DCT, DK_API } from '../../../rdf/namespaces.js';
import type { RecordGraph } from '../../../rdf/record-graph.js';
import type { TaggedText } from '../../document/search-document.js';

/**
 * What a data service's operations say (from its OpenAPI description, vocab/openapi.ttl terms), as
 * searchable text: summaries, descriptions and tags in their language; operationIds split at camelCase
 * and underscores (`hentEnhet` → `hent Enhet`); the path's segments without braces and separators
 * (`/enheter/{organisasjonsnummer}` → `enheter organisasjonsnummer`). Untagged words carry no language.
 */
export function operationTexts(graph: RecordGraph, service: string): TaggedText[] {
  const out: TaggedText[] = [];
  for (const op of graph.iris(service, DK_API.operation)) {
    for (const predicate of [DK_API.summary, DCT.description, DK_API.tag]) {
      for (const l of graph.literals(op, predicate)) if (l.value.trim() !== '') out.push({ text: l.value.trim(), language: l.language });
    }
    const id = graph.firstLiteral(op, DK_API.operationId);
    if (id !== null) out.push({ text: words(id), language: '' });
    const path = graph.firstLiteral(op, DK_API.pathTemplate);
    if (path !== null) {
      const segments = path.split('/').map((s) => words(s.replace(/[{}]/g, ''))).filter((s) => s !== '');
      if (segments.length > 0) out.push({ text: segments.join(' '), language: '' });
    }
  }
  return out;
}

/** `hentEnhetByOrgNr` → `hent Enhet By Org Nr`; `get_user-name` → `get user name`. */
export function words(identifier: string): string {
  return identifier
    .replace(/([\p{Ll}\d])(\p{Lu})/gu, '$1 $2')
    .replace(/(\p{Lu})(\p{Lu}\p{Ll})/gu, '$1 $2')
    .replace(/[_\-.:]+/g, ' ')
    .replace(/\s+/g, ' ')
    .trim();
}
