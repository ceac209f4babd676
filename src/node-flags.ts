/**
 * The V8 options the service's process runs with: in `bin/datakatalog.js`'s `#!` line, `npm start`, the
 * container's command and the benchmarks' service processes (test/cli/node-flags.test.ts checks they agree).
 *
 * `--max-semi-space-size=64`: the main thread's young generation may grow to 64 MB semi-spaces (V8's default
 * here is 16). A harvest makes many short-lived objects on the main thread (parsed terms, N-Triples lines,
 * search documents); with more room, more of them are dead before a scavenge copies them. A CLI harvest of one
 * 20 000-dataset document (four alternated runs each, load about 2): CPU of all threads 29.6-31.5 s against
 * 33.6-39.7 s, wall 18.3-19.3 s against 19.6-23.1 s; the main thread's scavenges 110 (1.6 s) against 349
 * (2.9 s), and the V8 helper threads that run them in parallel half as busy. It costs a fixed ~200 MB of peak
 * resident memory (870 against 650 MB there). Worker threads are set on their own (resourceLimits).
 */
export const SERVICE_NODE_FLAGS: readonly string[] = ['--max-semi-space-size=64'];
