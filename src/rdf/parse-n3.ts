import { EventEmitter } from 'node:events';
import type { Quad } from '@rdfjs/types';
import { Parser } from 'n3';
import { blankNodeFactory } from './parse-blank-nodes.js';
import { RdfParseError } from './parse-error.js';
import { textChunks } from './parse-input.js';
import { SliceClock } from '../core/time-slices.js';
import type { RdfSyntax } from './syntax.js';

export type N3Syntax = 'turtle' | 'trig' | 'n-triples' | 'n-quads';

const N3_FORMAT: Readonly<Record<N3Syntax, string>> = {
  turtle: 'text/turtle',
  trig: 'application/trig',
  'n-triples': 'application/n-triples',
  'n-quads': 'application/n-quads',
};

export interface N3ParseOptions {
  readonly syntax: N3Syntax;
  readonly baseIri: string;
  readonly blankNodePrefix: string;
  readonly onQuad: (quad: Quad) => void;
  readonly signal?: AbortSignal;
}

interface N3ErrorContext {
  line?: number;
  token?: { start?: number; value?: string } | null;
}

/** n3's message without its " on line N." suffix, and the position it names. */
function toParseError(syntax: RdfSyntax, error: Error): RdfParseError {
  const context = (error as Error & { context?: N3ErrorContext }).context;
  const line = context?.line ?? Number(/ on line (\d+)\.?$/.exec(error.message)?.[1] ?? Number.NaN);
  const start = context?.token?.start;
  const reason = error.message.replace(/ on line \d+\.?$/, '').replace(/\.$/, '');
  return new RdfParseError(
    syntax,
    reason,
    {
      ...(Number.isFinite(line) ? { line } : {}),
      ...(typeof start === 'number' ? { column: start + 1 } : {}),
    },
    { cause: error },
  );
}

/**
 * Turtle, TriG, N-Triples and N-Quads through n3's push parser: the text goes in in chunks, quads come
 * out through the callback as they are read (constant memory), the event loop gets a turn between chunks.
 */
export async function parseN3(input: Buffer | Uint8Array | string, options: N3ParseOptions): Promise<number> {
  const { syntax, onQuad, signal } = options;
  const parser = new Parser({
    format: N3_FORMAT[syntax],
    baseIRI: options.baseIri,
    blankNodePrefix: options.blankNodePrefix,
    factory: blankNodeFactory(options.blankNodePrefix, false),
  });
  const source = new EventEmitter();
  let count = 0;
  let failure: Error | undefined;
  parser.parse(source, (error, quad) => {
    if (error) {
      failure ??= error;
      return;
    }
    if (quad) {
      count++;
      onQuad(quad);
    }
  });

  // As many chunks a turn as fit in a slice of the background budget (a harvest's source is parsed on
  // this thread): a turn after every 64 KB chunk gave a harvest under load one chunk per crowded turn of
  // the loop (100-800 ms), and a 10 000-dataset source took 61 s to read against 3.4 s unloaded.
  const clock = new SliceClock();
  for (const chunk of textChunks(input, syntax)) {
    await clock.yieldIfSpent();
    signal?.throwIfAborted();
    source.emit('data', chunk);
    if (failure) throw toParseError(syntax, failure);
  }
  source.emit('end');
  if (failure) throw toParseError(syntax, failure);
  return count;
}
