// The tenant user's session (JWT + who it belongs to), kept in localStorage so a reload stays signed in.
import type { LoginResponse } from "@waule/shared/account";
import { storedSession } from "./stored-session";

export type Session = Pick<LoginResponse, "token" | "expiresAt" | "user" | "tenant">;

const tenantSession = storedSession<Session>("waule.session");

export const session = tenantSession.session;
export const signIn = tenantSession.signIn;
export const signOut = tenantSession.signOut;
