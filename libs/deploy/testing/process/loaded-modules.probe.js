'use strict';
// Loaded with `node --require` (through NODE_OPTIONS, so Nx's forked executor process gets it
// too): at exit, writes which compilers this process loaded to <LOADED_MODULES_DIR>/<pid>.json.
const { writeFileSync } = require('node:fs');
const { join } = require('node:path');

const dir = process.env.LOADED_MODULES_DIR;
const COMPILERS = /node_modules\/(typescript|ts-node|@swc-node\/[\w-]+|@swc\/core)\//;

process.on('exit', () => {
  const compilers = new Set();
  for (const file of Object.keys(require.cache)) {
    const match = COMPILERS.exec(file);
    if (match) compilers.add(match[1]);
  }
  writeFileSync(join(dir, `${process.pid}.json`), JSON.stringify({ argv: process.argv.slice(1), compilers: [...compilers].sort() }));
});
