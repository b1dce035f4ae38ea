/**
 * A tiny Node.js program the startup scripts run as `node -e "$VERIFY_MANIFEST_JS" <dir>`
 * right after unpacking an API artifact: every file against the artifact's own manifest.json
 * (SHA-256), before anything runs from it. Exit 1 names the files that do not match.
 */
export const VERIFY_MANIFEST_JS = [
  'const { createHash } = require("crypto");',
  'const { readFileSync } = require("fs");',
  'const { join } = require("path");',
  'const dir = process.argv[1];',
  'const manifest = JSON.parse(readFileSync(join(dir, "manifest.json"), "utf8"));',
  'const bad = Object.entries(manifest.files).filter(([file, sha256]) => {',
  '  try { return createHash("sha256").update(readFileSync(join(dir, file))).digest("hex") !== sha256; } catch { return true; }',
  '}).map(([file]) => file);',
  'if (bad.length > 0) { console.error(bad.length + " file(s) do not match manifest.json: " + bad.slice(0, 20).join(", ")); process.exit(1); }',
  'console.log(Object.keys(manifest.files).length + " files match manifest.json");',
].join('\n');
