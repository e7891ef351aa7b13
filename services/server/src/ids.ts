// The server's ids: time-ordered (services/shared/src/time-ordered-ids.ts, shared with the gateway's request log).
export { timeOrderedIds } from "@waule/shared/time-ordered-ids";
