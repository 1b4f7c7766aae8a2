import { createContext, type ReactNode, useCallback, useContext, useMemo, useState } from 'react';
import { type ApiClient, createApiClient } from '../api/api-client.ts';

const STORAGE_KEY = 'kundresa.adminToken';

/** Why the sign-in page is showing, so it can say so. */
export type SignOutReason = 'rejected' | 'signedOut' | null;

interface Auth {
  token: string | null;
  reason: SignOutReason;
  api: ApiClient | null;
  signIn(token: string): void;
  signOut(reason: Exclude<SignOutReason, null>): void;
}

const AuthContext = createContext<Auth | null>(null);

/** Holds the admin token (in localStorage until user accounts exist) and the API client built on it. */
export function AuthProvider({ children }: { children: ReactNode }) {
  const [token, setToken] = useState<string | null>(() => readToken());
  const [reason, setReason] = useState<SignOutReason>(null);

  const signOut = useCallback((why: Exclude<SignOutReason, null>) => {
    try {
      localStorage.removeItem(STORAGE_KEY);
    } catch {
      // Storage unavailable: the token only ever lived in memory.
    }
    setToken(null);
    setReason(why);
  }, []);

  const signIn = useCallback((next: string) => {
    try {
      localStorage.setItem(STORAGE_KEY, next);
    } catch {
      // Signed in for this tab only.
    }
    setToken(next);
    setReason(null);
  }, []);

  const api = useMemo(() => (token ? createApiClient({ token, onUnauthorized: () => signOut('rejected') }) : null), [token, signOut]);
  const value = useMemo(() => ({ token, reason, api, signIn, signOut }), [token, reason, api, signIn, signOut]);
  return <AuthContext.Provider value={value}>{children}</AuthContext.Provider>;
}

/** The signed-in state and actions. */
export function useAuth(): Auth {
  const ctx = useContext(AuthContext);
  if (!ctx) throw new Error('useAuth() needs an <AuthProvider> above it');
  return ctx;
}

/** The API client; only for components rendered while signed in. */
export function useApi(): ApiClient {
  const { api } = useAuth();
  if (!api) throw new Error('useApi() used while signed out');
  return api;
}

function readToken(): string | null {
  try {
    return localStorage.getItem(STORAGE_KEY);
  } catch {
    return null;
  }
}
