/**
 * Norwegian organisation numbers (Enhetsregisteret): 9 digits, the last a mod-11 check digit with
 * weights 3 2 7 6 5 4 3 2. A remainder giving check digit 10 means the number is not valid.
 */
const WEIGHTS = [3, 2, 7, 6, 5, 4, 3, 2] as const;

export function isValidOrganisationNumber(value: string): boolean {
  if (!/^\d{9}$/.test(value)) return false;
  let sum = 0;
  for (let i = 0; i < 8; i++) sum += Number(value[i]) * WEIGHTS[i]!;
  const rest = sum % 11;
  const check = rest === 0 ? 0 : 11 - rest;
  return check !== 10 && check === Number(value[8]);
}

/** Why a value is not an organisation number, or null when it is one. */
export function organisationNumberProblem(value: string): string | null {
  if (!/^\d{9}$/.test(value)) return `"${value}" is not an organisation number: it must be exactly 9 digits.`;
  if (!isValidOrganisationNumber(value)) return `"${value}" is not an organisation number: the check digit (mod 11) does not match.`;
  return null;
}
