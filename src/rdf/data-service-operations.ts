import { DCT, DK_API, OWL } from './namespaces.js';
import type { RecordGraph } from './record-graph.js';

/** One operation of a data service, as the operations API and the JSON view list it. */
export interface OperationSummary {
  /** Upper case: `GET`. */
  readonly method: string;
  /** The path template as the document writes it: `/enheter/{organisasjonsnummer}`. */
  readonly path: string;
  readonly operationId: string | null;
  /** In the asked language when the document has it, else in the first language it has; null when none. */
  readonly summary: string | null;
  readonly tags: readonly string[];
  readonly deprecated: boolean;
}

/**
 * The operations of a data service read from its record graph (vocab/openapi.ttl: `dk:operation`
 * nodes), in the document's order (`dk:position`; operations without one after those with, by path
 * and method). A summary falls back to the description's first line when there is none.
 */
export function dataServiceOperations(graph: RecordGraph, service: string, language = 'nb'): OperationSummary[] {
  return graph
    .iris(service, DK_API.operation)
    .map((op) => {
      const position = Number(graph.firstLiteral(op, DK_API.position) ?? Number.NaN);
      const summary = inLanguage(graph, op, DK_API.summary, language) ?? firstLine(inLanguage(graph, op, DCT.description, language));
      return {
        position: Number.isFinite(position) ? position : Number.MAX_SAFE_INTEGER,
        operation: {
          method: (graph.firstLiteral(op, DK_API.httpMethod) ?? '').toUpperCase(),
          path: graph.firstLiteral(op, DK_API.pathTemplate) ?? '',
          operationId: graph.firstLiteral(op, DK_API.operationId),
          summary,
          tags: [...new Set(graph.literals(op, DK_API.tag).map((l) => l.value))],
          deprecated: graph.firstLiteral(op, OWL.deprecated) === 'true',
        },
      };
    })
    .sort((a, b) => a.position - b.position || a.operation.path.localeCompare(b.operation.path) || a.operation.method.localeCompare(b.operation.method))
    .map((o) => o.operation);
}

function inLanguage(graph: RecordGraph, subject: string, predicate: string, language: string): string | null {
  const literals = graph.literals(subject, predicate);
  return (literals.find((l) => l.language === language) ?? literals.find((l) => l.language.startsWith(`${language}-`)) ?? literals[0])?.value ?? null;
}

function firstLine(text: string | null): string | null {
  if (text === null) return null;
  const line = text.trim().split(/\r?\n/)[0]!.trim();
  return line === '' ? null : line;
}
