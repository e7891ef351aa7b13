// /platform-oss: the platform bucket's settings, verified with a real write/read/delete before they are saved.
import { AppError } from "@waule/shared/errors";
import { Hono } from "hono";
import { validate } from "../http/validate";
import {
  completePlatformOss,
  describePlatformOss,
  loadPlatformOss,
  platformOssInput,
  savePlatformOss,
} from "../platform-oss/settings";
import { verifyPlatformOss } from "../platform-oss/verify";
import { optionalBody } from "./body";
import type { ManagementDeps } from "./deps";

export function platformOssRoutes(deps: ManagementDeps) {
  const settings = { db: deps.db, encryptionKey: deps.config.encryptionKey };
  const verify = (config: Parameters<typeof verifyPlatformOss>[0]) =>
    verifyPlatformOss(config, { clock: deps.clock, probeId: deps.ids.make("probe") });

  return new Hono()
    .get("/", async (c) => c.json(await describePlatformOss(settings)))
    .put("/", validate("json", platformOssInput), async (c) => {
      const config = completePlatformOss(c.req.valid("json"), await loadPlatformOss(settings));
      if (!config)
        throw new AppError("invalid_request", "accessKeyId and secretAccessKey are required (none are stored yet)");
      // A config that can't write, read and delete would break every generation, so it is never saved.
      const check = await verify(config);
      if (!check.ok)
        throw new AppError("invalid_request", `storage check failed at ${check.step}: ${check.error}`, {
          step: check.step,
        });
      await savePlatformOss(settings, config, new Date(deps.clock.now()));
      await deps.onPlatformOssChange?.(config);
      return c.json(await describePlatformOss(settings));
    })
    .post("/test", async (c) => {
      // No body tests the stored settings; a body tests a candidate (missing credentials taken from the stored ones).
      const stored = await loadPlatformOss(settings);
      const candidate = await optionalBody(c, platformOssInput);
      const config = candidate ? completePlatformOss(candidate, stored) : stored;
      if (!config)
        throw new AppError(
          "invalid_request",
          "no platform OSS settings to test: send endpoint, bucket and credentials",
        );
      return c.json(await verify(config));
    });
}
