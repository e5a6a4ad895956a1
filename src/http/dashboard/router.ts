import { Router } from 'express';
import { dashboardCss, dashboardHtml } from './page';
import { dashboardJs } from './script';

/** GET / (the page), /dashboard.js and /dashboard.css; `refreshMs` is how often the page polls. */
export function dashboardRouter(refreshMs = 15_000): Router {
  const r = Router();
  const html = dashboardHtml(refreshMs);
  r.get('/', (_req, res) => {
    res.type('html').set('cache-control', 'no-cache').send(html);
  });
  r.get('/dashboard.js', (_req, res) => {
    res.type('application/javascript').set('cache-control', 'no-cache').send(dashboardJs);
  });
  r.get('/dashboard.css', (_req, res) => {
    res.type('text/css').set('cache-control', 'no-cache').send(dashboardCss);
  });
  return r;
}
