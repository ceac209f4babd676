import { DocumentReadError, type DocumentFetcher, type FetchedDocument } from '../../src/core/ports/harvester.js';

/**
 * The `DocumentFetcher` of a split that runs without a source (payloads parsed in the test): any
 * document the harvester asks for cannot be fetched, as when a referenced server is down.
 */
export const offlineDocuments: DocumentFetcher = {
  entryUrl: 'https://agency.example.no/dcat.ttl',
  local: false,
  fetch(request): Promise<FetchedDocument> {
    return Promise.reject(new DocumentReadError('fetch', request.url, `${request.url} cannot be fetched: this split runs offline.`));
  },
  remember(): void {},
  samePayload: () => Promise.resolve(false),
};
