'use strict';
/**
 * The Nx entry of each deploy executor (executors.json names them `./executors.js#<name>`).
 * Getters: Nx loads only the executor it runs, and only when it runs it (`--help` loads none).
 */
const path = require('node:path');
const { requireTs } = require('./load-ts');

// The names executors.json declares: one list, so an executor added there cannot be missing here.
for (const name of Object.keys(require('./executors.json').executors)) {
  Object.defineProperty(exports, name, {
    enumerable: true,
    get: () => requireTs(path.join(__dirname, '../deploy/src/executors', name, 'executor.ts')).default,
  });
}
