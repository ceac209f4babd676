import type { Harvester } from '../src/core/ports/harvester.js';
import { createDcatApNoHarvester } from './dcat-ap-no/index.js';
import { createOpenApiHarvester } from './openapi/index.js';
import { createModelldcatApNoHarvester } from './modelldcat-ap-no/index.js';
import { createSkosHarvester } from './skos/index.js';
import { createSkosApNoHarvester } from './skos-ap-no/index.js';

/**
 * Every harvester the catalog installs, one line each: a new kind of source is a folder in harvesters/
 * and a line here. Source registration (HTTP and CLI), the pipeline and the harvester contract suite
 * (test/contract/harvester.contract.ts) all read this list.
 */
export const HARVESTER_FACTORIES: ReadonlyArray<() => Harvester> = [
  createDcatApNoHarvester,
  createOpenApiHarvester,
  createSkosApNoHarvester,
  createSkosHarvester,
  createModelldcatApNoHarvester,
];

/** One instance of each registered harvester, by its source kind. Throws when two claim the same kind. */
export function createHarvesters(factories: ReadonlyArray<() => Harvester> = HARVESTER_FACTORIES): ReadonlyMap<string, Harvester> {
  const byKind = new Map<string, Harvester>();
  for (const create of factories) {
    const harvester = create();
    if (byKind.has(harvester.kind)) throw new Error(`Two harvesters are registered for sources of kind "${harvester.kind}".`);
    byKind.set(harvester.kind, harvester);
  }
  return byKind;
}
