import { describe, expect, it } from 'vitest';
import { messagesOf } from '../../../src/http/portal/i18n/messages.js';

// Counts in running text take the singular for one and the plural for the rest, in each language.
describe('messages that count', () => {
  it('say "1 warning", not "1 warnings", and format large counts for the language', () => {
    expect(messagesOf('en').validation.summary(2, 1, 1)).toBe('2 violations, 1 warning, 1 note');
    expect(messagesOf('en').validation.summary(1, 0, 2)).toBe('1 violation, 0 warnings, 2 notes');
    expect(messagesOf('nb').validation.summary(2, 1, 1)).toBe('2 brudd, 1 advarsel, 1 merknad');
    expect(messagesOf('nn').validation.summary(0, 1, 3)).toBe('0 brot, 1 åtvaring, 3 merknader');
    expect(messagesOf('en').run.problemCount(1)).toBe('1 problem');
    expect(messagesOf('en').run.problemCount(1200)).toBe('1,200 problems');
    expect(messagesOf('nb').run.problemCount(2)).toBe('2 problemer');
    expect(messagesOf('en').validator.triples(1)).toBe('1 triple read');
    expect(messagesOf('nn').validator.triples(2)).toBe('2 triplar lesne');
    expect(messagesOf('en').search.moreValues(1)).toBe('1 more value – find it through the API');
    expect(messagesOf('nb').search.moreValues(3)).toBe('3 verdier til – finn dem i API-et');
  });
});
