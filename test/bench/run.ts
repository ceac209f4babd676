/**
 * `npm run bench <name> [options]`: the project's benchmarks. They print figures; they are not tests.
 *
 *   npm run bench harvest -- --datasets 10000
 *   npm run bench harvest -- --datasets 100000
 *   npm run bench search
 */
const BENCHES: Record<string, string> = {
  harvest: './harvest-bench.ts',
  search: './search-bench.ts',
};

const [name, ...rest] = process.argv.slice(2);
if (name === undefined || !(name in BENCHES)) {
  console.error(`Usage: npm run bench <${Object.keys(BENCHES).join('|')}> [-- options]`);
  process.exit(2);
}
process.argv = [process.argv[0]!, BENCHES[name]!, ...rest];
await import(BENCHES[name]!);
