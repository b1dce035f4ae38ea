const { NxAppWebpackPlugin } = require('@nx/webpack/app-plugin');
const { NxReactWebpackPlugin } = require('@nx/react/webpack-plugin');
const { DefinePlugin } = require('webpack');
const { join } = require('path');
const { buildTimeDefinitions } = require('./build/build-time-config');

// Nx injects every NX_PUBLIC_* variable into the bundle; we allow only our own list
// (build/build-time-config.js), so those are dropped before the Nx plugin reads them.
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
    new DefinePlugin(buildTimeDefinitions()),
  ],
};
