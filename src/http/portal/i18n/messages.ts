import { EN } from './messages-en.js';
import { NB, type Messages } from './messages-nb.js';
import { NN } from './messages-nn.js';
import type { PortalLanguage } from './portal-language.js';

const MESSAGES: Readonly<Record<PortalLanguage, Messages>> = { nb: NB, nn: NN, en: EN };

/** Every word of the portal in one language. */
export function messagesOf(lang: PortalLanguage): Messages {
  return MESSAGES[lang];
}

export type { Messages };
