const KEY = 'eapd.draft';

/** What a page keeps of its unsaved work when the session ends under it. */
export interface Draft<T = unknown> {
  /** The page it belongs to, e.g. "/apds/<id>" or "/apds/new". */
  path: string;
  /** Whose it is: another user signing in on this tab never sees it. */
  userId: string;
  /** The version the edits started from (null for a new APD), so a save detects a newer one. */
  baseVersion: number | null;
  form: T;
}

/**
 * One draft per tab, in session storage (this tab only, gone when it closes): written when the
 * session ends with unsaved changes, read once when the user is back on that page.
 */
export const draftStore = {
  save(draft: Draft): void {
    try {
      window.sessionStorage.setItem(KEY, JSON.stringify(draft));
    } catch {
      // Storage full or disabled: nothing more can be done here; the page still tells the user.
    }
  },
  /** The draft for `path` and `userId`, once; any other draft stays where it is. */
  take<T>(path: string, userId: string): Draft<T> | undefined {
    try {
      const draft = JSON.parse(window.sessionStorage.getItem(KEY) ?? 'null') as Draft<T> | null;
      if (!draft || draft.path !== path) return undefined;
      window.sessionStorage.removeItem(KEY);
      return draft.userId === userId ? draft : undefined;
    } catch {
      window.sessionStorage.removeItem(KEY);
      return undefined;
    }
  },
};
