// What the dev server (nx serve web, npm start) answers at /config.json, the file a deploy
// writes for its environment. The bundle itself holds no per-environment value.
// An allowlist, not a prefix match: CI jobs carry secrets (seed-defects #43), and /config.json
// is public, so nothing outside this list may ever be read here.
const ALLOWED = ['WEB_API_URL', 'WEB_OKTA_ISSUER', 'WEB_OKTA_CLIENT_ID'];

function devRuntimeConfig(env = process.env) {
  const value = (name) => (env[name] || '').trim();
  const apiUrl = value('WEB_API_URL').replace(/\/+$/, '') || '/api';
  const oktaIssuer = value('WEB_OKTA_ISSUER');
  const oktaClientId = value('WEB_OKTA_CLIENT_ID');
  const okta = oktaIssuer && oktaClientId ? { issuer: oktaIssuer, clientId: oktaClientId } : null;
  return { apiUrl, okta };
}

// webpack-dev-server hook: serve /config.json before the static files and the SPA fallback.
function serveDevRuntimeConfig(middlewares, env = process.env) {
  middlewares.unshift({
    name: 'eapd-runtime-config',
    path: '/config.json',
    middleware: (req, res) => {
      res.setHeader('content-type', 'application/json; charset=utf-8');
      res.setHeader('cache-control', 'no-cache');
      res.end(JSON.stringify(devRuntimeConfig(env)));
    },
  });
  return middlewares;
}

module.exports = { ALLOWED, devRuntimeConfig, serveDevRuntimeConfig };
