// Content YAML files are turned into plain objects at build time (build/yaml-loader.js).
declare module '*.yml' {
  const content: { [key: string]: unknown };
  export default content;
}

// Build-time constants from build/build-time-config.js (DefinePlugin in webpack, globals in Jest).
declare const __WEB_API_URL__: string;
declare const __WEB_OKTA__: { issuer: string; clientId: string } | null;
