import { loadAwsClientEnvironment, type AwsStaticCredentials } from '@eapd/config';

/**
 * Static keys from the env a client was built for (libs/config's one reading of
 * AWS_ACCESS_KEY_ID, AWS_SECRET_ACCESS_KEY, AWS_SESSION_TOKEN). The SDK's own chain reads them
 * from process.env; reading them from the env we were handed is the same first step of that
 * chain, but keeps a caller-supplied env whole. Undefined: the SDK's default chain decides.
 */
export function credentialsFromEnv(env: Record<string, string | undefined>): AwsStaticCredentials | undefined {
  return loadAwsClientEnvironment(env).credentials;
}

/** `{ credentials }` for a client's settings when the env has static keys, else nothing. */
export function withCredentials(env: Record<string, string | undefined>): { credentials?: AwsStaticCredentials } {
  const credentials = credentialsFromEnv(env);
  return credentials ? { credentials } : {};
}
