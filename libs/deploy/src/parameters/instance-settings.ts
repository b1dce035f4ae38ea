/**
 * The variables an instance gets, as Parameter Store holds them: every set, non-empty value.
 * (An optional variable left out of the config is absent, never an empty parameter.)
 */
export function instanceSettings(environment: object): Record<string, string> {
  return Object.fromEntries(
    Object.entries(environment as Record<string, unknown>).filter((entry): entry is [string, string] => typeof entry[1] === 'string' && entry[1] !== ''),
  );
}
