import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['test/**/*.test.ts', 'harvesters/**/*.test.ts'],
    environment: 'node',
    testTimeout: 30_000,
    hookTimeout: 60_000,
    pool: 'forks',
    // Print skip reasons and figures (W3C pass counts, precision@5) in the normal output.
    reporters: ['default'],
  },
});
