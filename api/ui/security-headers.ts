import type { HelmetOptions } from 'helmet';

/**
 * Helmet's defaults, with the Content-Security-Policy stated for what the staff UI loads: scripts, styles, fonts and
 * data only from this origin (the build bundles everything; nothing remote), inline styles because Mermaid and
 * chart.js style the SVG and canvas they draw, `data:` images for Mermaid's markers and the favicon, `blob:` images for the preview of a photo being uploaded. Helmet's
 * `upgrade-insecure-requests` is left out: staff open the app over plain HTTP on the site's network (a phone at
 * http://<server>:8080 would otherwise ask for https and get nothing); a TLS proxy in front can add it.
 */
export const securityHeaders: HelmetOptions = {
  contentSecurityPolicy: {
    useDefaults: true,
    directives: {
      'default-src': ["'self'"],
      'script-src': ["'self'"],
      'style-src': ["'self'", "'unsafe-inline'"],
      'img-src': ["'self'", 'data:', 'blob:'],
      'font-src': ["'self'", 'data:'],
      'connect-src': ["'self'"],
      'object-src': ["'none'"],
      'frame-ancestors': ["'none'"],
      'upgrade-insecure-requests': null,
    },
  },
};
