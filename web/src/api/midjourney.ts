// Midjourney job calls (POST /midjourney/imagine and /action), checked against the shared schemas.
import {
  type MidjourneyAccepted,
  type MidjourneyActionRequest,
  midjourneyAccepted,
  type midjourneyImagineRequest,
} from "@waule/shared/midjourney";
import type { z } from "zod";
import type { Http } from "./http";

export type ImagineInput = Pick<z.input<typeof midjourneyImagineRequest>, "model" | "prompt" | "reference_images">;
export type ActionInput = Pick<MidjourneyActionRequest, "task_id" | "custom_id">;

export function midjourneyCalls(http: Http) {
  return {
    imagine: (input: ImagineInput): Promise<MidjourneyAccepted> =>
      http.post(midjourneyAccepted, "/midjourney/imagine", input),
    /** Presses one button (U1, V2, 🔄…) of a finished task; the answer is a new task. */
    action: (input: ActionInput): Promise<MidjourneyAccepted> =>
      http.post(midjourneyAccepted, "/midjourney/action", input),
  };
}
