/**
 * Static keys from the env a client was built for. The SDK's own chain reads them from
 * process.env; reading them from the env we were handed is the same first step of that
 * chain, but keeps a caller-supplied env whole. Undefined: the SDK's default chain decides.
 */
export function credentialsFromEnv(env: Record<string, string | undefined>): { accessKeyId: string; secretAccessKey: string; sessionToken?: string } | undefined {
  const accessKeyId = env['AWS_ACCESS_KEY_ID'];
  const secretAccessKey = env['AWS_SECRET_ACCESS_KEY'];
  if (!accessKeyId || !secretAccessKey) return undefined;
  const sessionToken = env['AWS_SESSION_TOKEN'] || undefined;
  return sessionToken ? { accessKeyId, secretAccessKey, sessionToken } : { accessKeyId, secretAccessKey };
}

/** `{ credentials }` for a client's settings when the env has static keys, else nothing. */
export function withCredentials(env: Record<string, string | undefined>): { credentials?: ReturnType<typeof credentialsFromEnv> } {
  const credentials = credentialsFromEnv(env);
  return credentials ? { credentials } : {};
}
