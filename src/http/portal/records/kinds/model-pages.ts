import type { ModelElement, ModelProperty } from '../../../../rdf/model-description.js';
import { askedPage, currentParams } from '../paged-list.js';

/** About how many entries (elements, properties, codes) one page of a model shows. */
export const MODEL_PAGE_WEIGHT = 400;

/** A model's elements cut into pages, and the page of every part a link may name. */
export interface ModelPages {
  readonly pages: readonly (readonly ModelElement[])[];
  /** Element, property and code IRIs → their page, from 1. */
  readonly pageOf: ReadonlyMap<string, number>;
}

/**
 * Cuts the elements, in reading order, into pages of about `weight` entries each: an element weighs
 * one, plus its properties (with their alternatives) and its codes. An element is never cut; one heavier
 * than a page is a page of its own. A model of 6 000 object types took 4 s and 13 MB of HTML whole.
 */
export function modelPages(ordered: readonly ModelElement[], weight: number = MODEL_PAGE_WEIGHT): ModelPages {
  const pages: ModelElement[][] = [];
  const pageOf = new Map<string, number>();
  let current: ModelElement[] = [];
  let used = 0;
  for (const element of ordered) {
    const parts: string[] = [element.iri];
    collectProperties(element.properties, parts);
    for (const c of element.codes) parts.push(c.iri);
    if (current.length > 0 && used + parts.length > weight) {
      pages.push(current);
      current = [];
      used = 0;
    }
    current.push(element);
    used += parts.length;
    for (const iri of parts) if (!pageOf.has(iri)) pageOf.set(iri, pages.length + 1);
  }
  if (current.length > 0) pages.push(current);
  return { pages, pageOf };
}

/** Property IRIs, alternatives after their choice, level by level (describeModel bounds the alternatives). */
function collectProperties(properties: readonly ModelProperty[], into: string[]): void {
  let level = properties;
  while (level.length > 0) {
    const next: ModelProperty[] = [];
    for (const p of level) {
      into.push(p.iri);
      for (const a of p.alternatives) next.push(a);
    }
    level = next;
  }
}

/** The page a request asks for: the one holding `?element=`, else `?elements=n` (within the pages), else the first. */
export function askedModelPage(currentPath: string, pages: ModelPages): number {
  const params = currentParams(currentPath);
  const element = params.get('element');
  const holding = element === null ? undefined : pages.pageOf.get(element);
  return holding ?? askedPage(params, 'elements', pages.pages.length);
}
