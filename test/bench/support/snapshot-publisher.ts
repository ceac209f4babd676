/**
 * The publisher a benchmark registers its sources with: Statistisk sentralbyrå, which the bundled
 * organisation snapshot (vocab/organisations.ttl) holds, so registration resolves it offline (a
 * source's publisher must resolve in the organisation register). The synthetic datasets still name
 * their own publishers in their graphs.
 */
export const SNAPSHOT_PUBLISHER = '912660680';
