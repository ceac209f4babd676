/** One write asked of the catalog, as the audit log keeps it: who, what, when, outcome. */
export interface AuditEntry {
  /** Increasing number, assigned by the store. */
  readonly seq: number;
  /** When the answer was sent (ISO 8601). */
  readonly at: string;
  /** `admin-token`, `token:{id}`, `jwt:{subject}`, or `anonymous` for a token that was refused. */
  readonly actor: string;
  readonly role?: string;
  readonly organisation?: string;
  /** Method and path, e.g. `PATCH /api/sources/4f…` (never the query string's secrets: only `dryRun`, `wait`). */
  readonly action: string;
  /** The HTTP status answered. */
  readonly status: number;
  readonly outcome: 'succeeded' | 'refused' | 'failed';
  /** The problem's detail when the write was refused or failed. */
  readonly detail?: string;
  readonly requestId?: string;
}

export type NewAuditEntry = Omit<AuditEntry, 'seq'>;

export function outcomeOf(status: number): AuditEntry['outcome'] {
  return status < 400 ? 'succeeded' : status < 500 ? 'refused' : 'failed';
}
