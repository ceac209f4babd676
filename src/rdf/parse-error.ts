import { SYNTAX_NAMES, type RdfSyntax } from './syntax.js';

/**
 * A payload that is not readable RDF in the syntax it was read as. Every failure of `parseRdf` caused
 * by the input is one of these (syntax errors, invalid UTF-8, refused entity declarations and remote
 * JSON-LD contexts, too deep nesting); anything else that escapes `parseRdf` is a bug or an abort.
 *
 * `message` is a full sentence with the position ("Turtle syntax error on line 12, column 5: Undefined
 * prefix "dcat:""); `reason` is the same without the position, for reports that show the line apart.
 */
export class RdfParseError extends Error {
  readonly syntax: RdfSyntax;
  readonly reason: string;
  /** 1-based line of the problem, when known. */
  readonly line?: number;
  /** 1-based column (in characters) of the problem, when known. */
  readonly column?: number;
  /** 0-based byte offset, for encoding errors. */
  readonly offset?: number;

  constructor(
    syntax: RdfSyntax,
    reason: string,
    position: { line?: number; column?: number; offset?: number } = {},
    options?: { cause?: unknown },
  ) {
    super(RdfParseError.describe(syntax, reason, position), options);
    this.name = 'RdfParseError';
    this.syntax = syntax;
    this.reason = reason;
    if (position.line !== undefined) this.line = position.line;
    if (position.column !== undefined) this.column = position.column;
    if (position.offset !== undefined) this.offset = position.offset;
  }

  private static describe(syntax: RdfSyntax, reason: string, position: { line?: number; column?: number }): string {
    let where = '';
    if (position.line !== undefined) {
      where = ` on line ${position.line}`;
      if (position.column !== undefined) where += `, column ${position.column}`;
    }
    return `${SYNTAX_NAMES[syntax]} error${where}: ${reason}`;
  }
}

/** 1-based line and column of a character index in a text. */
export function positionOf(text: string, index: number): { line: number; column: number } {
  let line = 1;
  let lineStart = 0;
  const end = Math.min(index, text.length);
  for (let i = text.indexOf('\n'); i !== -1 && i < end; i = text.indexOf('\n', i + 1)) {
    line++;
    lineStart = i + 1;
  }
  return { line, column: end - lineStart + 1 };
}
