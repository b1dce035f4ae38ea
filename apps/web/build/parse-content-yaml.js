const YAML = require('yaml');

// Content files are nested maps whose leaves are strings; anything else (lists, numbers,
// null from an empty value) is a mistake that would show up as broken text in the page.
function checkLeaves(node, path, file) {
  if (typeof node === 'string') return;
  if (node && typeof node === 'object' && !Array.isArray(node)) {
    for (const [key, child] of Object.entries(node)) checkLeaves(child, path ? `${path}.${key}` : key, file);
    return;
  }
  throw new Error(`${file}: "${path}" must be text or a map of texts, got ${JSON.stringify(node)}`);
}

function parseContentYaml(source, file) {
  const doc = YAML.parseDocument(source, { uniqueKeys: true });
  if (doc.errors.length > 0) {
    throw new Error(`${file}: invalid YAML: ${doc.errors.map((e) => e.message).join('; ')}`);
  }
  const content = doc.toJS();
  checkLeaves(content, '', file);
  return content;
}

module.exports = { parseContentYaml };
