import { Router } from 'express';
import { dirname, join } from 'node:path';
import type { AppConfig } from '../../config';
import { openApiDocument } from './registry';

/** Swagger UI's browser files, served from node_modules (no CDN). */
const swaggerUiDir = dirname(require.resolve('swagger-ui-dist/package.json'));
const swaggerUiFiles = new Set(['swagger-ui.css', 'swagger-ui-bundle.js', 'favicon-32x32.png', 'favicon-16x16.png']);

// Helmet's Content-Security-Policy allows scripts from this origin only, so the start-up code is a file, not inline.
const startScript = `window.addEventListener('load', function () {
  var root = document.getElementById('swagger-ui');
  window.ui = SwaggerUIBundle({
    url: root.getAttribute('data-spec-url'),
    dom_id: '#swagger-ui',
    deepLinking: true,
    persistAuthorization: true,
    presets: [SwaggerUIBundle.presets.apis],
    layout: 'BaseLayout',
  });
});
`;

const escapeHtml = (text: string) =>
  text.replace(/[&<>"']/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[c]!);

function page(base: string, title: string): string {
  const at = escapeHtml(base);
  return `<!doctype html>
<html lang="en">
  <head>
    <meta charset="utf-8" />
    <meta name="viewport" content="width=device-width, initial-scale=1" />
    <title>${escapeHtml(title)}</title>
    <link rel="stylesheet" href="${at}/docs/swagger-ui.css" />
    <link rel="icon" type="image/png" href="${at}/docs/favicon-32x32.png" sizes="32x32" />
  </head>
  <body>
    <div id="swagger-ui" data-spec-url="${at}/openapi.json"></div>
    <script src="${at}/docs/swagger-ui-bundle.js"></script>
    <script src="${at}/docs/start.js"></script>
  </body>
</html>
`;
}

/** GET /openapi.json (the document, built once) and GET /docs (a browsable reference of it); no sign-in needed. */
export function openApiRouter(config?: Pick<AppConfig, 'sites'>): Router {
  const router = Router();
  const document = openApiDocument({ siteIds: config && [...config.sites.keys()] });

  router.get('/openapi.json', (_req, res) => {
    res.json(document);
  });
  router.get('/docs', (req, res) => {
    res.type('html').send(page(req.baseUrl, document.info.title));
  });
  router.get('/docs/start.js', (_req, res) => {
    res.type('text/javascript').send(startScript);
  });
  router.get('/docs/:file', (req, res, next) => {
    const file = req.params.file;
    if (!swaggerUiFiles.has(file)) return next();
    res.sendFile(join(swaggerUiDir, file), { maxAge: '1h' });
  });
  return router;
}
