import type { Request } from 'express';
import { negotiate } from './media-negotiation.js';
import { NotAcceptableError } from '../core/errors.js';
import { excerpt } from './echo.js';

/** One representation an endpoint can give, by media type. */
export interface Offer<T> {
  /** The media type matched against the Accept header. */
  readonly accept: string;
  readonly value: T;
}

/**
 * Picks the offer the client prefers (Accept header: q-values, specificity, RFC 9110 §12.5.1); the
 * first offer when the client states no preference. Throws 406 listing what is offered when nothing
 * is acceptable.
 */
export function chooseOffer<T>(req: Request, offers: readonly Offer<T>[], what: string): Offer<T> {
  const accept = req.get('Accept');
  const chosen = negotiate(accept, offers.map((o) => o.accept));
  const offer = chosen === undefined ? undefined : offers.find((o) => o.accept === chosen);
  if (offer === undefined) {
    const offered = [...new Set(offers.map((o) => o.accept))];
    throw new NotAcceptableError(`None of the media types in the Accept header ("${excerpt(accept ?? '')}") is offered for ${what}. Offered: ${offered.join(', ')}.`, {
      offered,
    });
  }
  return offer;
}
