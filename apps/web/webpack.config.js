const { NxAppWebpackPlugin } = require('@nx/webpack/app-plugin');
const { NxReactWebpackPlugin } = require('@nx/react/webpack-plugin');
const { join } = require('path');
const { serveDevRuntimeConfig } = require('./build/dev-runtime-config');

// Nx injects every NX_PUBLIC_* variable into the bundle; the bundle must hold no
// per-environment value (the app reads /config.json at start-up), so they are dropped before
// the Nx plugin reads them.
for (const name of Object.keys(process.env)) {
  if (/^NX_PUBLIC_/i.test(name)) delete process.env[name];
}

const production = process.env['NODE_ENV'] === 'production';
// `npm start` and the browser test run the API on a free port; plain `nx serve web` uses 8000.
const apiTarget = process.env['WEB_DEV_API_TARGET'] || 'http://127.0.0.1:8000';

module.exports = {
  output: {
    path: join(__dirname, '../../dist/apps/web'),
    clean: true,
  },
  module: {
    rules: [{ test: /\.ya?ml$/, type: 'javascript/auto', use: join(__dirname, 'build/yaml-loader.js') }],
  },
  devServer: {
    port: 4200,
    host: '127.0.0.1',
    historyApiFallback: {
      index: '/index.html',
      disableDotRule: true,
      htmlAcceptHeaders: ['text/html', 'application/xhtml+xml'],
    },
    proxy: [{ context: ['/api'], target: apiTarget, changeOrigin: false }],
    // What a deploy writes next to the build; here made from WEB_API_URL / WEB_OKTA_*.
    setupMiddlewares: (middlewares) => serveDevRuntimeConfig(middlewares),
  },
  performance: { hints: false },
  plugins: [
    new NxAppWebpackPlugin({
      tsConfig: './tsconfig.app.json',
      compiler: 'babel',
      main: './src/main.tsx',
      index: './src/index.html',
      baseHref: '/',
      assets: ['./src/favicon.ico'],
      styles: ['./src/styles.css'],
      outputHashing: production ? 'all' : 'none',
      optimization: production,
      sourceMap: !production,
      extractLicenses: false, // a 3rdpartylicenses.txt would be an un-hashed file
      vendorChunk: false,
    }),
    new NxReactWebpackPlugin({ svgr: false }),
  ],
};
