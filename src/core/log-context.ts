import { AsyncLocalStorage } from 'node:async_hooks';

/**
 * Fields every log line written while handling one request carries (its `requestId`), whatever code
 * writes the line: the HTTP layer runs each request inside `logContext.run(…)`, and the logger adds
 * the store's fields to each line (pino's mixin, src/logging).
 */
export const logContext = new AsyncLocalStorage<Readonly<Record<string, unknown>>>();
