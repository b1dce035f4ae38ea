import { createContext, useContext } from 'react';
import type { Endpoints } from '../api/endpoints';
import type { Session } from '../api/types';
import type { Draft } from '../session/draft-store';

export interface AppContextValue {
  api: Endpoints;
  session: Session | null;
  signIn: (session: Session) => void;
  signOut: () => Promise<void>;
  /** A one-off message shown at the top of the next page (e.g. "You have signed out"). */
  notice: string | null;
  setNotice: (notice: string | null) => void;
  /**
   * A page with unsaved work registers what to keep if the session ends under it (null to stop);
   * the app saves it, and the page finds it again after the user signs back in.
   */
  keepDraftOnSessionEnd: (source: (() => Omit<Draft, 'userId'> | null) | null) => void;
}

export const AppContext = createContext<AppContextValue | null>(null);

export function useApp(): AppContextValue {
  const value = useContext(AppContext);
  if (!value) throw new Error('useApp() used outside <AppContext.Provider>');
  return value;
}
