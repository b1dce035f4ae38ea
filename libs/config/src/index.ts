export * from './lib/types';
export * from './lib/config-error';
export * from './lib/redact';
export * from './lib/api-runtime';
export * from './lib/deploy-config';
