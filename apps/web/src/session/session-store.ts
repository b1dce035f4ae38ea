import type { Session } from '../api/types';

const KEY = 'eapd.session';

// sessionStorage: survives a reload but not a closed tab, and is never sent with
// requests by the browser (the token travels only as an explicit Bearer header).
export const sessionStore = {
  load(): Session | null {
    try {
      const raw = window.sessionStorage.getItem(KEY);
      const session = raw ? (JSON.parse(raw) as Session) : null;
      return session && typeof session.token === 'string' && session.user ? session : null;
    } catch {
      return null;
    }
  },
  save(session: Session): void {
    window.sessionStorage.setItem(KEY, JSON.stringify(session));
  },
  clear(): void {
    window.sessionStorage.removeItem(KEY);
  },
};
