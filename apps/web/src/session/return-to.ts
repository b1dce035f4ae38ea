const KEY = 'eapd.return-to';

// Only our own pages: never another site ("//evil.example"), never the sign-in pages themselves.
const isInternal = (path: string) =>
  path.startsWith('/') && !path.startsWith('//') && !path.startsWith('/\\') && !/^\/(sign-in|login\/callback)\b/.test(path);

/**
 * Where to go after signing in: the page the user was sent away from (a deep link opened while
 * signed out, or the page where the session ended). Session storage survives the round trip to
 * Okta and a reload, and stays with this tab.
 */
export const returnTo = {
  remember(path: string): void {
    if (isInternal(path)) window.sessionStorage.setItem(KEY, path);
  },
  /** The remembered page (once), else undefined. */
  take(): string | undefined {
    const path = window.sessionStorage.getItem(KEY);
    window.sessionStorage.removeItem(KEY);
    return path && isInternal(path) ? path : undefined;
  },
  forget(): void {
    window.sessionStorage.removeItem(KEY);
  },
};
