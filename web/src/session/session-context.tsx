/**
 * The session of the space the page shows (session.ts), shared by the layout and the pages, and
 * updated everywhere at once when someone signs in or out.
 */
import { createContext, type ReactNode, useCallback, useContext, useMemo, useState } from "react";
import { loadSession, NO_SESSION, type SpaceSession, saveSession } from "./session.js";

interface SessionState {
  readonly space: string | null;
  readonly session: SpaceSession;
  update(next: SpaceSession): void;
}

const SessionContext = createContext<SessionState>({
  space: null,
  session: NO_SESSION,
  update: () => {},
});

/**
 * The session of the current space.
 *
 * @example const { session } = useSession(); if (session.member === null) return <SignInFirst />
 */
export function useSession(): SessionState {
  return useContext(SessionContext);
}

/** Holds the session of `space` (none outside a space). */
export function SessionProvider({
  space,
  children,
}: {
  readonly space: string | null;
  readonly children: ReactNode;
}) {
  const [state, setState] = useState(() => ({
    space,
    session: space === null ? NO_SESSION : loadSession(space),
  }));
  const current =
    state.space === space
      ? state
      : { space, session: space === null ? NO_SESSION : loadSession(space) };
  const update = useCallback(
    (next: SpaceSession) => {
      if (space === null) return;
      saveSession(space, next);
      setState({ space, session: next });
    },
    [space],
  );
  const value = useMemo(
    () => ({ space, session: current.session, update }),
    [space, current.session, update],
  );
  return <SessionContext.Provider value={value}>{children}</SessionContext.Provider>;
}
