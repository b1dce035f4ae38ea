// Replaced at build time by webpack's DefinePlugin (package version + git commit).
declare const __API_VERSION__: string | undefined;

export const API_VERSION: string = typeof __API_VERSION__ === 'string' ? __API_VERSION__ : 'dev';
