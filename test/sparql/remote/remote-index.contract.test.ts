import { describe, it } from 'vitest';
import { RemoteSparqlIndex } from '../../../src/sparql/remote/remote-sparql-index.js';
import { sparqlIndexContract } from '../../contract/sparql-index.contract.js';
import { NO_SERVER_MESSAGE, testSparqlServer } from './virtuoso-env.js';

const server = testSparqlServer();

if (server === undefined) {
  describe('RemoteSparqlIndex contract', () => {
    it.skip(NO_SERVER_MESSAGE, () => {});
  });
} else {
  const { gspUrl, updateUrl, ...rest } = server;
  if (gspUrl !== undefined) {
    // Writes through the Graph Store Protocol: PUT and DELETE per graph (digest auth on Virtuoso).
    sparqlIndexContract('RemoteSparqlIndex, Graph Store Protocol', async () => new RemoteSparqlIndex({ server: { ...rest, gspUrl }, graphPrefix: 'https://contract.example.no/' }));
  }
  if (updateUrl !== undefined) {
    // Writes through SPARQL Update: one DELETE and one INSERT DATA for many graphs per request.
    sparqlIndexContract('RemoteSparqlIndex, SPARQL Update', async () => new RemoteSparqlIndex({ server: { ...rest, updateUrl }, graphPrefix: 'https://contract.example.no/' }));
  }
}
