import { createHash } from 'node:crypto';
import type { FacetDefinition, ValueFacet } from '../../core/ports/search-index.js';
import type { ResourceKind } from '../../core/resource-kind.js';
import { conceptMapper } from './concept/concept-mapper.js';
import { dcatMapper } from './dcat/dcat-mapper.js';
import { informationModelMapper } from './information-model/information-model-mapper.js';
import { GRAPH_FACETS } from './graph-facets.js';
import type { KindMapper } from './kind-mapper.js';
import { MODIFIED_FACET, SHARED_VALUE_FACETS } from './shared-facets.js';

/**
 * The kinds search knows, one mapper each. A new kind adds its folder here (a mapper and its facets)
 * and one line to this list. A kind without a mapper gets the shared part of a document only.
 */
const MAPPERS: readonly KindMapper[] = [
  dcatMapper,
  informationModelMapper,
  conceptMapper,
];

const mapperByKind = new Map<ResourceKind, KindMapper>();
for (const m of MAPPERS) {
  for (const kind of m.kinds) {
    const other = mapperByKind.get(kind);
    if (other !== undefined) throw new Error(`The search mappers ${other.name} and ${m.name} both map the kind "${kind}".`);
    mapperByKind.set(kind, m);
  }
}

/** The mapper of a kind, if it has one. */
export function mapperOf(kind: ResourceKind): KindMapper | undefined {
  return mapperByKind.get(kind);
}

/** Merges facet declarations by name: one facet declared by several mappers applies to the kinds of all. */
function mergedFacets(declared: readonly FacetDefinition[]): FacetDefinition[] {
  const byName = new Map<string, FacetDefinition>();
  for (const f of declared) {
    const known = byName.get(f.name);
    if (known === undefined) {
      byName.set(f.name, f);
      continue;
    }
    if (known.hierarchical !== f.hierarchical || known.filter !== f.filter) throw new Error(`The facet "${f.name}" is declared twice in different ways.`);
    byName.set(f.name, { ...known, kinds: [...new Set([...known.kinds, ...f.kinds])] });
  }
  return [...byName.values()];
}

/** Every facet: the shared value facets, each mapper's in registry order, the graph facets, then `modified`. */
export const FACET_DEFINITIONS: readonly FacetDefinition[] = mergedFacets([...SHARED_VALUE_FACETS, ...MAPPERS.flatMap((m) => m.facets), ...GRAPH_FACETS, MODIFIED_FACET]);

/** The value facets, in definition order (the embedded index numbers them in this order). */
export const VALUE_FACETS: readonly ValueFacet[] = FACET_DEFINITIONS.filter((f) => f.filter === 'values').map((f) => f.name as ValueFacet);

const definitionOf = new Map(FACET_DEFINITIONS.map((f) => [f.name, f]));

export function facetDefinition(name: string): FacetDefinition | undefined {
  return definitionOf.get(name as FacetDefinition['name']);
}

export function isHierarchicalFacet(name: string): boolean {
  return definitionOf.get(name as FacetDefinition['name'])?.hierarchical ?? false;
}

/** The period facet (`validity`), when a kind declares it. */
export const PERIOD_FACET: FacetDefinition | undefined = FACET_DEFINITIONS.find((f) => f.filter === 'period');
if (FACET_DEFINITIONS.filter((f) => f.filter === 'period').length > 1) throw new Error('Only one period facet (the validity period) is supported.');

/** Whether the kind's documents carry a validity period (the period facet applies to it). */
export function hasPeriodFacet(kind: ResourceKind): boolean {
  return PERIOD_FACET?.kinds.includes(kind) ?? false;
}

/** The value facets that apply to a kind. */
export function valueFacetsOfKind(kind: ResourceKind): readonly ValueFacet[] {
  return VALUE_FACETS.filter((f) => definitionOf.get(f)!.kinds.includes(kind));
}

/**
 * What every stored document depends on besides its record: the facets (names, order, kinds) and
 * the mappers' versions. Indexes keep it with their schema version and rebuild when it changes.
 */
export const KINDS_SIGNATURE: string = createHash('sha1')
  // The closed value sets only check filters: no document depends on them.
  .update(JSON.stringify({ facets: FACET_DEFINITIONS.map(({ name, kinds, hierarchical, filter }) => ({ name, kinds, hierarchical, filter })), mappers: MAPPERS.map((m) => [m.name, m.version, m.kinds]) }))
  .digest('hex')
  .slice(0, 12);
