import { describe, expect, it } from 'vitest';
import { isValidOrganisationNumber, organisationNumberProblem } from '../../src/core/organisation-number.js';

describe('organisation numbers (mod 11)', () => {
  it.each(['974760673', '971526920', '991825827', '971040238', '889640782', '974761076'])('accepts the real number %s', (n) => {
    expect(isValidOrganisationNumber(n)).toBe(true);
    expect(organisationNumberProblem(n)).toBeNull();
  });

  it('refuses a number whose check digit does not match', () => {
    expect(isValidOrganisationNumber('974760674')).toBe(false);
    expect(organisationNumberProblem('974760674')).toMatch(/check digit/);
  });

  it('refuses anything but nine digits', () => {
    for (const bad of ['', '97476067', '9747606731', '97476067a', ' 974760673', '974 760 673']) {
      expect(isValidOrganisationNumber(bad)).toBe(false);
      expect(organisationNumberProblem(bad)).toMatch(/9 digits/);
    }
  });

  it('refuses numbers whose check digit would have to be 10', () => {
    // Eight first digits whose weighted sum leaves remainder 1 need check digit 10: never a valid number.
    let found: string | undefined;
    for (let n = 10000000; n < 10001000 && !found; n++) {
      const d = String(n);
      const sum = [3, 2, 7, 6, 5, 4, 3, 2].reduce((s, w, i) => s + w * Number(d[i]), 0);
      if (sum % 11 === 1) found = d;
    }
    expect(found).toBeDefined();
    for (let last = 0; last <= 9; last++) expect(isValidOrganisationNumber(`${found}${last}`)).toBe(false);
  });
});
