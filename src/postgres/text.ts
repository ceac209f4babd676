/** PostgreSQL text cannot hold U+0000: it never matches anything, so it is dropped from what is stored and asked. */
export const withoutNul = (text: string): string => (text.includes('\u0000') ? text.split('\u0000').join('') : text);
