/**
 * The preview's nginx site: plain HTTP redirected to HTTPS; HTTPS with the instance's
 * self-signed certificate serving the web build with the SPA fallback to index.html, and
 * /api proxied to the API on 127.0.0.1:8000. Paths are validated by the caller (no quotes,
 * spaces or `$`), so they can be written into the config as is.
 */
export interface PreviewNginxOptions {
  webRoot: string;
  certificate: string;
  certificateKey: string;
  apiPort: number;
}

/**
 * Headers on everything nginx serves itself (the API sets its own, through helmet): HTTPS only
 * from now on, no MIME sniffing, never framed by another site, no full URL to other origins.
 * Repeated in every location that has an `add_header` of its own, because nginx then drops
 * the server-level ones there. `always`: on error answers too.
 */
export const PREVIEW_SECURITY_HEADERS: ReadonlyArray<[name: string, value: string]> = [
  ['Strict-Transport-Security', 'max-age=31536000'],
  ['X-Content-Type-Options', 'nosniff'],
  ['Content-Security-Policy', "frame-ancestors 'none'"],
  ['Referrer-Policy', 'strict-origin-when-cross-origin'],
];

function securityHeaders(indent: string): string[] {
  return PREVIEW_SECURITY_HEADERS.map(([name, value]) => `${indent}add_header ${name} "${value}" always;`);
}

export function renderPreviewNginxSite(o: PreviewNginxOptions): string[] {
  return [
    '# Written by the preview startup script.',
    'server {',
    '  listen 80 default_server;',
    '  server_name _;',
    '  return 301 https://$host$request_uri;',
    '}',
    'server {',
    '  listen 443 ssl default_server;',
    '  server_name _;',
    `  ssl_certificate ${o.certificate};`,
    `  ssl_certificate_key ${o.certificateKey};`,
    '  ssl_protocols TLSv1.2 TLSv1.3;',
    `  root ${o.webRoot};`,
    '  index index.html;',
    '  client_max_body_size 50m;',
    '  location /api {',
    `    proxy_pass http://127.0.0.1:${o.apiPort};`,
    '    proxy_http_version 1.1;',
    '    proxy_set_header Host $host;',
    '    proxy_set_header X-Forwarded-For $proxy_add_x_forwarded_for;',
    '    proxy_set_header X-Forwarded-Proto https;',
    '    proxy_read_timeout 120s;',
    '  }',
    // index.html names the hashed bundles of this build, config.json holds the settings: never cache them.
    '  location = /index.html {',
    '    add_header Cache-Control "no-cache";',
    ...securityHeaders('    '),
    '  }',
    '  location = /config.json {',
    '    add_header Cache-Control "no-cache";',
    ...securityHeaders('    '),
    '  }',
    '  location / {',
    ...securityHeaders('    '),
    '    try_files $uri $uri/ /index.html;',
    '  }',
    '}',
  ];
}
