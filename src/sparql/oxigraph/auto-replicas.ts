/** Published records up to which `SPARQL_WORKERS=auto` keeps two replicas (about 1.6 M quads, ~0.7 GB each). */
export const TWO_REPLICAS_UP_TO = 40_000;

/**
 * The replicas `SPARQL_WORKERS=auto` keeps for a catalog of this many published records: two while two copies are
 * cheap (one long query then never holds up the others), one for a large catalog. The index asks again as the catalog
 * grows (OxigraphSparqlIndexOptions.replicasWanted), so a catalog that passes the line while running lets its second
 * copy go then, not only at the next start.
 */
export function autoReplicas(published: number): number {
  return published <= TWO_REPLICAS_UP_TO ? 2 : 1;
}
