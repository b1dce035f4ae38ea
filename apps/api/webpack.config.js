const { NxAppWebpackPlugin } = require('@nx/webpack/app-plugin');
const { readdirSync } = require('fs');
const { join, basename } = require('path');

/**
 * One webpack run builds every entry the deployment needs (see CONTRACTS.md):
 * main.js (production server), dev.js (embedded PostgreSQL + dev seeds; not in the artifact),
 * migrate.js, seed.js, calibrate-pbkdf2.js, and each migration and seed file as its own
 * plain CommonJS module (migrations/*.js, seeds/<set>/*.js) that knex loads with plain node.
 * node_modules stay external, so generatePackageJson lists them as production dependencies.
 * Nothing from git is baked in (Nx does not hash HEAD for this target): the version is read
 * at start-up, see src/version.ts.
 */
const tsFiles = (dir) =>
  readdirSync(join(__dirname, dir))
    .filter((f) => f.endsWith('.ts') && !f.endsWith('.d.ts') && !f.endsWith('.spec.ts'))
    .sort();

const dbEntries = [
  ...tsFiles('db/migrations').map((f) => ({ entryName: `migrations/${basename(f, '.ts')}`, entryPath: `./db/migrations/${f}` })),
  ...['base', 'development', 'test'].flatMap((set) =>
    tsFiles(`db/seeds/${set}`).map((f) => ({ entryName: `seeds/${set}/${basename(f, '.ts')}`, entryPath: `./db/seeds/${set}/${f}` })),
  ),
];

module.exports = {
  output: {
    path: join(__dirname, '../../dist/apps/api'),
    clean: true,
    // Each entry's exports become module.exports: knex needs up/down and seed from these files.
    library: { type: 'commonjs2' },
    ...(process.env.NODE_ENV !== 'production' && {
      devtoolModuleFilenameTemplate: '[absolute-resource-path]',
    }),
  },
  // Keep the real paths: migrate.js/seed.js/dev.js find migrations/ and seeds/ next to themselves.
  node: { __dirname: false, __filename: false },
  plugins: [
    new NxAppWebpackPlugin({
      target: 'node',
      compiler: 'tsc',
      main: './src/main.ts',
      additionalEntryPoints: [
        { entryName: 'dev', entryPath: './src/dev.ts' },
        { entryName: 'migrate', entryPath: './src/migrate.ts' },
        { entryName: 'seed', entryPath: './src/seed.ts' },
        { entryName: 'calibrate-pbkdf2', entryPath: './src/tools/calibrate-pbkdf2.ts' },
        ...dbEntries,
      ],
      tsConfig: './tsconfig.app.json',
      assets: [],
      optimization: false,
      outputHashing: 'none',
      generatePackageJson: true,
      sourceMap: true,
    }),
  ],
};
