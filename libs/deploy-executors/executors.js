'use strict';
/**
 * The Nx entry of each deploy executor (executors.json names them `./executors.js#<name>`).
 * Getters: Nx loads only the executor it runs, and only when it runs it (`--help` loads none).
 */
const path = require('node:path');
const { requireTs } = require('./load-ts');

const names = ['rollover', 'rollback', 'artifact', 'artifact-verify', 's3-sync', 'preview', 'preview-cleanup', 'publish', 'release', 'release-rollback', 'history'];

for (const name of names) {
  Object.defineProperty(exports, name, {
    enumerable: true,
    get: () => requireTs(path.join(__dirname, '../deploy/src/executors', name, 'executor.ts')).default,
  });
}
