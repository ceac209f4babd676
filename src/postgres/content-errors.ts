/**
 * Whether PostgreSQL refused a statement for what it was given rather than for a fault of its own or of the
 * connection: SQLSTATE class 22 (data exception: a value it cannot take) or 54 (program limit exceeded: a
 * tsvector past 1 MB, an index entry past a third of a page). Sending the same again fails the same way;
 * a caller writing many records can isolate the one at fault and go on with the rest.
 */
export function refusesContent(error: unknown): boolean {
  const code = (error as { code?: unknown } | null)?.code;
  return typeof code === 'string' && (code.startsWith('22') || code.startsWith('54'));
}
