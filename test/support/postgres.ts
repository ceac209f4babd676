import { randomBytes } from 'node:crypto';
import pg from 'pg';

/**
 * The PostgreSQL the tests use: TEST_DATABASE_URL, which `.ci/start-postgres` starts and prints
 * (`eval "$(.ci/start-postgres)"`; `.ci/run` does it before `npm test`). Without it, the tests that
 * need PostgreSQL skip and say why.
 */
export const TEST_DATABASE_URL = process.env.TEST_DATABASE_URL?.trim() || undefined;

export const POSTGRES_SKIP_REASON = 'TEST_DATABASE_URL is not set: run `eval "$(.ci/start-postgres)"` to start a private PostgreSQL on loopback';

if (TEST_DATABASE_URL === undefined) console.warn(`skipping the PostgreSQL tests: ${POSTGRES_SKIP_REASON}`);

const made: string[] = [];

/** A new, unique schema name for one store or index under test (dropped by dropTestSchemas). */
export function freshSchema(prefix = 't'): string {
  const name = `${prefix}_${process.pid}_${randomBytes(5).toString('hex')}`;
  made.push(name);
  return name;
}

/** Drops every schema freshSchema handed out in this test file (call in afterAll). */
export async function dropTestSchemas(): Promise<void> {
  if (TEST_DATABASE_URL === undefined || made.length === 0) return;
  const client = new pg.Client({ connectionString: TEST_DATABASE_URL });
  await client.connect();
  try {
    for (const name of made.splice(0)) await client.query(`DROP SCHEMA IF EXISTS "${name}" CASCADE`);
  } finally {
    await client.end();
  }
}
