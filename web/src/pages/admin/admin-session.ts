// The operator's session (admin JWT), kept apart from the tenant session so the two never mix in one browser.
import type { AdminLoginResponse } from "@waule/shared/admin";
import { storedSession } from "../../session/stored-session";

const operatorSession = storedSession<AdminLoginResponse>("waule.admin-session");

export const adminSession = operatorSession.session;
export const adminSignIn = operatorSession.signIn;
export const adminSignOut = operatorSession.signOut;
