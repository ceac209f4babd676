/**
 * Whether a JSON value has the shape a schema of the API description gives it: the keywords the
 * description uses (type, with a list of types; properties and required; items; oneOf; enum; const;
 * minimum; $ref into its components). Each mismatch is a line naming where it is. Written for these
 * tests, independent of the code that builds the description.
 */
type Schema = Record<string, unknown>;

export function shapeMismatches(value: unknown, schema: Schema, components: Record<string, Schema>, at = '$'): string[] {
  if (typeof schema.$ref === 'string') {
    const target = components[schema.$ref.replace('#/components/schemas/', '')];
    return target === undefined ? [`${at}: unresolved ${schema.$ref}`] : shapeMismatches(value, target, components, at);
  }
  if (Array.isArray(schema.oneOf)) {
    const matching = (schema.oneOf as Schema[]).filter((s) => shapeMismatches(value, s, components, at).length === 0).length;
    return matching === 1 ? [] : [`${at}: matches ${matching} of the oneOf branches, not exactly one`];
  }
  const out: string[] = [];
  if (schema.type !== undefined) {
    const types = Array.isArray(schema.type) ? (schema.type as string[]) : [schema.type as string];
    if (!types.some((t) => typeOk(value, t))) return [`${at}: ${JSON.stringify(value)?.slice(0, 60)} is not ${types.join(' or ')}`];
  }
  if ('const' in schema && value !== schema.const) out.push(`${at}: is not ${JSON.stringify(schema.const)}`);
  if (Array.isArray(schema.enum) && !schema.enum.includes(value)) out.push(`${at}: ${JSON.stringify(value)} is none of ${JSON.stringify(schema.enum)}`);
  if (typeof schema.minimum === 'number' && typeof value === 'number' && value < schema.minimum) out.push(`${at}: ${value} < ${schema.minimum}`);
  if (value !== null && typeof value === 'object' && !Array.isArray(value)) {
    const object = value as Record<string, unknown>;
    for (const name of (schema.required as string[] | undefined) ?? []) if (!(name in object)) out.push(`${at}.${name}: missing`);
    for (const [name, sub] of Object.entries((schema.properties as Record<string, Schema> | undefined) ?? {})) {
      if (object[name] !== undefined) out.push(...shapeMismatches(object[name], sub, components, `${at}.${name}`));
    }
  }
  if (Array.isArray(value) && schema.items !== undefined) value.forEach((item, i) => out.push(...shapeMismatches(item, schema.items as Schema, components, `${at}[${i}]`)));
  return out;
}

function typeOk(value: unknown, type: string): boolean {
  switch (type) {
    case 'null':
      return value === null;
    case 'integer':
      return Number.isInteger(value);
    case 'number':
      return typeof value === 'number';
    case 'array':
      return Array.isArray(value);
    case 'object':
      return value !== null && typeof value === 'object' && !Array.isArray(value);
    default:
      return typeof value === type;
  }
}
