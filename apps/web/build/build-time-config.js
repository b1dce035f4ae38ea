// The ONLY values from the build environment that reach the browser bundle.
// An allowlist, not a prefix match: CI jobs carry secrets (seed-defects #43), and
// a bundle is public, so nothing outside this list may ever be read here.
const ALLOWED = ['WEB_API_URL', 'WEB_OKTA_ISSUER', 'WEB_OKTA_CLIENT_ID'];

function buildTimeConfig(env = process.env) {
  const value = (name) => (env[name] || '').trim();
  const apiUrl = value('WEB_API_URL').replace(/\/+$/, '') || '/api';
  const oktaIssuer = value('WEB_OKTA_ISSUER');
  const oktaClientId = value('WEB_OKTA_CLIENT_ID');
  const okta = oktaIssuer && oktaClientId ? { issuer: oktaIssuer, clientId: oktaClientId } : null;
  return { apiUrl, okta };
}

// DefinePlugin definitions: each global is a JSON literal, so webpack can drop the
// Okta code path entirely when Okta is not configured.
function buildTimeDefinitions(env = process.env) {
  const config = buildTimeConfig(env);
  return {
    __WEB_API_URL__: JSON.stringify(config.apiUrl),
    __WEB_OKTA__: JSON.stringify(config.okta),
  };
}

module.exports = { ALLOWED, buildTimeConfig, buildTimeDefinitions };
