import express, { type Router } from 'express';
import { apiDescription } from '../openapi/api-description.js';

/** `GET /openapi.json`: the OpenAPI 3.1 description of this service's own API (built once). */
export function openApiRouter(options: { readonly baseUrl: string }): Router {
  const router = express.Router();
  const body = JSON.stringify(apiDescription(options.baseUrl));
  router.get('/openapi.json', (_req, res) => {
    res.setHeader('Content-Type', 'application/json; charset=utf-8');
    res.setHeader('Cache-Control', 'public, max-age=300');
    res.send(body);
  });
  return router;
}
