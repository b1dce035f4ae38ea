export interface HistoryExecutorOptions {
  environment: 'production' | 'staging';
  json?: boolean;
  limit?: number;
}
