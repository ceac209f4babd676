import { pino } from 'pino';
import { logContext } from '../core/log-context.js';
import type { Logger } from '../core/ports/logger.js';

/**
 * The production logger: pino, JSON lines on stderr so stdout stays free for CLI output. Each line
 * written while a request is handled carries that request's id (src/core/log-context.ts).
 */
export function createLogger(level: string, destination: NodeJS.WritableStream = process.stderr): Logger {
  return pino({ level, base: { service: 'datakatalog' }, mixin: () => ({ ...logContext.getStore() }) }, destination as pino.DestinationStream) as unknown as Logger;
}
