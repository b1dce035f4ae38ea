export * from './ports/clock';
export * from './ports/compute';
export * from './log/logger';
export * from './log/errors';
export * from './plan/plan';
export * from './plan/apply-plan';
export * from './aws/client-config';
