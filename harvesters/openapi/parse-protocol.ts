import type { ParseInput, ParseOutcome } from './parse-openapi.js';

/** Messages between the OpenAPI parser host (main thread) and its worker. */
export type ToWorker =
  | { readonly type: 'parse'; readonly job: number; readonly input: ParseInput }
  | { readonly type: 'referenced'; readonly request: number; readonly body: Uint8Array; readonly contentType?: string }
  | { readonly type: 'reference-failed'; readonly request: number; readonly message: string };

export type FromWorker =
  | { readonly type: 'ready'; readonly job: -1 }
  | { readonly type: 'read-reference'; readonly job: number; readonly request: number; readonly url: string }
  | { readonly type: 'parsed'; readonly job: number; readonly outcome: ParseOutcome }
  | { readonly type: 'crashed'; readonly job: number; readonly message: string };
