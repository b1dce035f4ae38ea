'use strict';
/**
 * Loads the deploy library's TypeScript for the Nx executors, without Nx's own runtime
 * transpiler. Nx registers one for a workspace plugin by loading TypeScript (~0.5 s) and
 * swc-node, starts an ESM loader thread, and transpiles every imported file again on each
 * run: ~1.5 s before an executor can even report a missing variable. Here each `.ts` file is
 * compiled once with @swc/core and kept in node_modules/.cache, keyed by its path and content,
 * so a changed source is recompiled and an unchanged one is read back as plain JavaScript.
 * Plain JavaScript itself: it must run before anything can compile TypeScript.
 */
const crypto = require('node:crypto');
const fs = require('node:fs');
const Module = require('node:module');
const path = require('node:path');

const workspaceRoot = path.resolve(__dirname, '../..');
const cacheRoot = path.join(workspaceRoot, 'node_modules/.cache/eapd-deploy-executors');

/** What a cached file depends on besides its own text (bump FORMAT when the options change). */
const FORMAT = 2;
function swcOptions(filename) {
  return {
    filename,
    swcrc: false,
    configFile: false,
    // Inline maps, used when Node runs with --enable-source-maps (NODE_OPTIONS) to show .ts lines
    // in stack traces; not enabled here: Node then reads every loaded package's maps (~10 % slower).
    sourceMaps: 'inline',
    inlineSourcesContent: false,
    jsc: {
      target: 'es2022',
      keepClassNames: true,
      parser: { syntax: 'typescript', tsx: false },
      transform: { useDefineForClassFields: true },
    },
    // esModuleInterop (tsconfig.base.json); import() becomes require() like ts-node/swc-node do.
    module: { type: 'commonjs', noInterop: false, ignoreDynamic: false },
  };
}

let swc;
let cacheDirectory;
/**
 * One directory per cache format and compiler version; the first compile into a new one removes
 * the others, so an upgrade of @swc/core leaves nothing behind.
 */
function cacheDir() {
  if (cacheDirectory) return cacheDirectory;
  const swcVersion = JSON.parse(fs.readFileSync(require.resolve('@swc/core/package.json'), 'utf8')).version;
  cacheDirectory = path.join(cacheRoot, `v${FORMAT}-swc-${swcVersion}`);
  return cacheDirectory;
}

function pruneOtherVersions(keep) {
  let entries = [];
  try {
    entries = fs.readdirSync(cacheRoot);
  } catch {
    return;
  }
  for (const entry of entries) {
    // Before FORMAT 2 entries were files named by content: every edit of a source added one.
    if (entry !== path.basename(keep)) fs.rmSync(path.join(cacheRoot, entry), { recursive: true, force: true });
  }
}

/**
 * One cache entry per source file (named by its path), opening with the SHA-256 of the source it
 * was compiled from: an edit replaces the entry instead of adding one, so the cache stays the size
 * of the sources however often they change; a source whose hash differs is compiled again.
 */
function compile(filename, source) {
  const dir = cacheDir();
  const cached = path.join(dir, `${crypto.createHash('sha256').update(filename).digest('hex')}.js`);
  // A block comment before the code's first character: no line of the compiled code moves.
  const stamp = `/*${crypto.createHash('sha256').update(source).digest('hex')}*/`;
  try {
    const text = fs.readFileSync(cached, 'utf8');
    if (text.startsWith(stamp)) return text;
  } catch {
    // not compiled yet
  }
  swc ??= require('@swc/core');
  const code = stamp + swc.transformSync(source, swcOptions(filename)).code;
  try {
    if (!fs.existsSync(dir)) {
      pruneOtherVersions(dir);
      fs.mkdirSync(dir, { recursive: true });
    }
    // Write then rename: a concurrent run reads either the old entry or the new one, whole.
    const partial = `${cached}.${process.pid}.${crypto.randomBytes(4).toString('hex')}.tmp`;
    fs.writeFileSync(partial, code);
    fs.renameSync(partial, cached);
  } catch {
    // A read-only cache only costs the compile next time.
  }
  return code;
}

/** tsconfig.base.json `paths` (the `@eapd/*` aliases; exact names, no `*` patterns), resolved to files. */
function readPathAliases() {
  const { compilerOptions } = JSON.parse(fs.readFileSync(path.join(workspaceRoot, 'tsconfig.base.json'), 'utf8'));
  const base = path.resolve(workspaceRoot, compilerOptions.baseUrl ?? '.');
  return new Map(Object.entries(compilerOptions.paths ?? {}).map(([alias, [target]]) => [alias, path.resolve(base, target)]));
}

let registered = false;
function register() {
  if (registered) return;
  registered = true;
  const aliases = readPathAliases();
  const resolveFilename = Module._resolveFilename;
  Module._resolveFilename = function (request, ...rest) {
    return resolveFilename.call(this, aliases.get(request) ?? request, ...rest);
  };
  // Also what makes Node's resolver try `.ts` for an extensionless `./file` import.
  Module._extensions['.ts'] = function (module, filename) {
    module._compile(compile(filename, fs.readFileSync(filename, 'utf8')), filename);
  };
}

/** `require` of a TypeScript module of the workspace, compiled through the cache. */
function requireTs(file) {
  register();
  return require(file);
}

module.exports = { register, requireTs, compile, cacheDir };
