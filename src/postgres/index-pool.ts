import type pg from 'pg';
import { ServiceUnavailableError } from '../core/errors.js';
import type { Logger } from '../core/ports/logger.js';
import { lostServer, openPool, redactUrl, schemaName, type PostgresConnection } from './connection.js';

/** An index's pool on PostgreSQL, its tables migrated, and what the migration found. */
export interface OpenedIndexPool<T> {
  readonly pool: pg.Pool;
  readonly migrated: T;
  /** Runs a step, turning a lost server into a ServiceUnavailableError that names the index and the step. */
  readonly guard: <R>(what: string, step: () => Promise<R>) => Promise<R>;
}

/**
 * Opens the pool of an index kept in PostgreSQL (search, relations) and migrates its tables on one of
 * its connections: an unreachable server is a ServiceUnavailableError naming the index, and a failed
 * migration leaves no pool open.
 */
export async function openIndexPool<T>(
  connection: PostgresConnection,
  index: string,
  logger: Logger,
  migrate: (client: pg.ClientBase, schema: string) => Promise<T>,
): Promise<OpenedIndexPool<T>> {
  const schema = schemaName(connection.schema);
  const url = redactUrl(connection.url);
  const pool = openPool(connection, (error) => logger.warn({ err: error }, `an idle PostgreSQL connection of the ${index} failed`));
  try {
    const client = await pool.connect().catch((error: unknown) => {
      throw new ServiceUnavailableError(`The ${index} cannot reach PostgreSQL at ${url}: ${(error as Error).message}`, {}, { cause: error });
    });
    let migrated: T;
    try {
      migrated = await migrate(client, schema);
    } finally {
      client.release();
    }
    const guard = async <R>(what: string, step: () => Promise<R>): Promise<R> => {
      try {
        return await step();
      } catch (error) {
        if (!lostServer(error)) throw error;
        throw new ServiceUnavailableError(`The ${index} (PostgreSQL at ${url}) could not ${what}: ${(error as Error).message}`, {}, { cause: error });
      }
    };
    return { pool, migrated, guard };
  } catch (error) {
    await pool.end().catch(() => undefined);
    throw error;
  }
}
