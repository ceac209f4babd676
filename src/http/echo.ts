/**
 * What a problem document may repeat of the request: a short prefix of a value, never the whole of it
 * (a 10 KB parameter must not come back twice, a token in a URL must not come back at all: see
 * `requestPath`).
 */
export const MAX_ECHO = 60;

/** The value, or its first `max` characters and an ellipsis. */
export function excerpt(value: string, max: number = MAX_ECHO): string {
  return value.length > max ? `${value.slice(0, max)}…` : value;
}
