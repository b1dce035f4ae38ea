import baseConfig from '../eslint.config.mjs';

export default [
  ...baseConfig,
  {
    // The benchmark and dev scripts are plain Node ESM run directly with `node`.
    files: ['**/*.mjs'],
    languageOptions: { globals: { process: 'readonly', console: 'readonly' } }
  }
];
