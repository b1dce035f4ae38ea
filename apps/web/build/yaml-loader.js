// Webpack loader: turns a content YAML file into a JSON module at build time, and
// fails the build on invalid YAML or on a value that is not text.
const { parseContentYaml } = require('./parse-content-yaml');

module.exports = function yamlLoader(source) {
  const content = parseContentYaml(source, this.resourcePath);
  return `module.exports = ${JSON.stringify(content)};`;
};
