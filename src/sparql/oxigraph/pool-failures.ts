import { BadRequestError, ResultTooLargeError, ServiceUnavailableError } from '../../core/errors.js';
import type { GraphReplacement } from '../../core/ports/sparql-index.js';
import { EngineRefusal, ReplicaGone, ResultTooLarge } from './replica-thread.js';

// eslint-disable-next-line no-control-regex -- an IRI has no control characters or spaces
const IRI = /^[A-Za-z][A-Za-z0-9+.-]*:[^<>"{}|^`\\\u0000-\u0020]*$/;

/** Refuses a batch naming a graph by anything but an absolute IRI (the engine's updates are written with it). */
export function checkGraphNames(changes: readonly GraphReplacement[]): void {
  for (const c of changes) {
    if (typeof c.graph !== 'string' || !IRI.test(c.graph)) throw new Error(`"${String(c.graph)}" is not an absolute IRI, so it cannot name a graph in the SPARQL index.`);
  }
}

/** The graphs a load left out, the first five named. */
export function loadError(errors: Map<string, string>): Error {
  const list = [...errors].slice(0, 5).map(([g, m]) => `<${g}>: ${m}`);
  const more = errors.size > 5 ? ` (and ${errors.size - 5} more)` : '';
  return new Error(`${errors.size} graph(s) could not be loaded into the SPARQL index and were left out: ${list.join('; ')}${more}`);
}

/** A replica's failure as the error the query's caller gets. */
export function queryError(error: unknown): Error {
  if (error instanceof ResultTooLarge) return new ResultTooLargeError(error.message, { ...error.details });
  if (error instanceof EngineRefusal) {
    return error.details ? new BadRequestError(error.message, { ...error.details }) : new BadRequestError(`The SPARQL engine refused the query: ${error.message}`);
  }
  if (error instanceof ReplicaGone) return new ServiceUnavailableError(`${error.message} The engine is being restarted; try again.`);
  return error instanceof Error ? error : new Error(String(error));
}

/** Why a cancelled query ended: the signal's reason, or a plain cancellation. */
export function abortReason(signal: AbortSignal): unknown {
  return signal.reason ?? new Error('The query was cancelled.');
}
