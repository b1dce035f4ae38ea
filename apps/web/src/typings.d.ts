// Content YAML files are turned into plain objects at build time (build/yaml-loader.js).
declare module '*.yml' {
  const content: { [key: string]: unknown };
  export default content;
}

