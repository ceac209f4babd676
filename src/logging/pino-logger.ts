import { pino } from 'pino';
import type { Logger } from '../core/ports/logger.js';

/** The production logger: pino, JSON lines on stderr so stdout stays free for CLI output. */
export function createLogger(level: string, destination: NodeJS.WritableStream = process.stderr): Logger {
  return pino({ level, base: { service: 'datakatalog' } }, destination as pino.DestinationStream) as unknown as Logger;
}
