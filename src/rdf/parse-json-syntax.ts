/**
 * Where a JSON text goes wrong, for error messages: V8's JSON.parse says "Unexpected token" without a
 * position for some errors. Only called after JSON.parse failed; iterative, so deep nesting is fine.
 */
export function findJsonSyntaxError(text: string): { index: number; reason: string } | undefined {
  const n = text.length;
  const stack: ('{' | '[')[] = [];
  type Expect = 'value' | 'value-or-close' | 'key' | 'key-or-close' | 'colon' | 'comma-or-close' | 'end';
  let expect: Expect = 'value';
  let i = 0;
  const NUMBER = /-?(?:0|[1-9][0-9]*)(?:\.[0-9]+)?(?:[eE][+-]?[0-9]+)?/y;

  const describe = (at: number): string => {
    const ch = text.codePointAt(at);
    if (ch === undefined) return 'the end of the text';
    const shown = String.fromCodePoint(ch);
    return ch < 0x20 ? `character U+${ch.toString(16).toUpperCase().padStart(4, '0')}` : `'${shown}'`;
  };
  /** Reads a string starting at text[i] === '"'; returns an error or advances i past it. */
  const readString = (): { index: number; reason: string } | undefined => {
    const start = i;
    i++;
    while (i < n) {
      const c = text.charCodeAt(i);
      if (c === 0x22) {
        i++;
        return undefined;
      }
      if (c === 0x5c) {
        const e = text[i + 1];
        if (e === 'u') {
          if (!/^[0-9A-Fa-f]{4}$/.test(text.slice(i + 2, i + 6))) return { index: i, reason: 'invalid \\u escape in a string' };
          i += 6;
          continue;
        }
        if (e === undefined || !'"\\/bfnrt'.includes(e)) return { index: i, reason: 'invalid escape in a string' };
        i += 2;
        continue;
      }
      if (c < 0x20) return { index: i, reason: 'a control character (such as a raw line break) inside a string' };
      i++;
    }
    return { index: start, reason: 'a string that is never closed' };
  };
  const afterValue = (): Expect => (stack.length === 0 ? 'end' : 'comma-or-close');

  for (;;) {
    while (i < n) {
      const c = text.charCodeAt(i);
      if (c !== 0x20 && c !== 0x09 && c !== 0x0a && c !== 0x0d) break;
      i++;
    }
    if (i >= n) return expect === 'end' ? undefined : { index: n, reason: 'the text ends before the JSON is complete' };
    const ch = text[i]!;
    switch (expect) {
      case 'value':
      case 'value-or-close': {
        if (ch === ']' && expect === 'value-or-close') {
          stack.pop();
          i++;
          expect = afterValue();
        } else if (ch === '{') {
          stack.push('{');
          i++;
          expect = 'key-or-close';
        } else if (ch === '[') {
          stack.push('[');
          i++;
          expect = 'value-or-close';
        } else if (ch === '"') {
          const err = readString();
          if (err) return err;
          expect = afterValue();
        } else if (ch === '-' || (ch >= '0' && ch <= '9')) {
          NUMBER.lastIndex = i;
          const m = NUMBER.exec(text);
          if (!m) return { index: i, reason: 'an invalid number' };
          i += m[0].length;
          expect = afterValue();
        } else if (text.startsWith('true', i) || text.startsWith('null', i)) {
          i += 4;
          expect = afterValue();
        } else if (text.startsWith('false', i)) {
          i += 5;
          expect = afterValue();
        } else {
          return { index: i, reason: `unexpected ${describe(i)} where a value should be` };
        }
        break;
      }
      case 'key':
      case 'key-or-close': {
        if (ch === '}' && expect === 'key-or-close') {
          stack.pop();
          i++;
          expect = afterValue();
        } else if (ch === '"') {
          const err = readString();
          if (err) return err;
          expect = 'colon';
        } else {
          return { index: i, reason: `unexpected ${describe(i)} where a property name in double quotes should be` };
        }
        break;
      }
      case 'colon':
        if (ch !== ':') return { index: i, reason: `expected ':' after a property name, found ${describe(i)}` };
        i++;
        expect = 'value';
        break;
      case 'comma-or-close': {
        const top = stack[stack.length - 1];
        const close = top === '{' ? '}' : ']';
        if (ch === ',') {
          i++;
          expect = top === '{' ? 'key' : 'value';
        } else if (ch === close) {
          stack.pop();
          i++;
          expect = afterValue();
        } else {
          return { index: i, reason: `expected ',' or '${close}', found ${describe(i)}` };
        }
        break;
      }
      case 'end':
        return { index: i, reason: `unexpected ${describe(i)} after the end of the JSON value` };
    }
  }
}
