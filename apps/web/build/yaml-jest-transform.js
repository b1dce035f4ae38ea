// Jest transform for content YAML: the same parser as the webpack loader, so tests
// see exactly the text the build would bundle.
const { parseContentYaml } = require('./parse-content-yaml');

module.exports = {
  process(source, filename) {
    return { code: `module.exports = ${JSON.stringify(parseContentYaml(source, filename))};` };
  },
};
