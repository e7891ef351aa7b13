// Fresh links to stored results, signed when they are read: a result's stored link expires (7 days at most for S3),
// its object key does not, so History and the task API sign again from the key every time they answer.
import { z } from "zod";
import { storageTarget } from "./images";

/** How many keys one signing call may carry (a History page holds at most 100 rows of a few files each). */
export const MAX_LINK_KEYS = 500;

/** POST /internal/v1/files/links */
export const internalFileLinksRequest = z.object({
  tenantId: z.string().min(1),
  storage: storageTarget.default({ mode: "PLATFORM" }),
  keys: z.array(z.string().min(1).max(512)).max(MAX_LINK_KEYS),
});
export type InternalFileLinksRequest = z.infer<typeof internalFileLinksRequest>;

/** The links, in the order of the keys asked for. */
export const internalFileLinks = z.object({ urls: z.array(z.string()) });
export type InternalFileLinks = z.infer<typeof internalFileLinks>;
