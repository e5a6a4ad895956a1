import { Router } from 'express';
import { proposeCss, proposeHtml } from './page';
import { proposeJs } from './script';

/** GET /propose (the proposers' page), /propose.js and /propose.css; the page calls POST /api/lint. */
export function proposeRouter(): Router {
  const r = Router();
  r.get('/propose', (_req, res) => {
    res.type('html').set('cache-control', 'no-cache').send(proposeHtml);
  });
  r.get('/propose.js', (_req, res) => {
    res.type('application/javascript').set('cache-control', 'no-cache').send(proposeJs);
  });
  r.get('/propose.css', (_req, res) => {
    res.type('text/css').set('cache-control', 'no-cache').send(proposeCss);
  });
  return r;
}
