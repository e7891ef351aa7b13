// For video adapter tests: poll an upstream task to its end through the adapter, and catch the UpstreamError a call throws.
import type { ProviderContext, VideoCapability, VideoPoll } from "../../src/providers/types";
import { UpstreamError } from "../../src/providers/upstream-error";

/** Polls until succeeded or failed (at most `maxPolls`), keeping every answer and its status in order. */
export async function pollUntilDone(
  video: VideoCapability,
  id: string,
  ctx: () => ProviderContext,
  maxPolls = 10,
): Promise<{ polls: VideoPoll[]; seen: VideoPoll["status"][]; last: VideoPoll }> {
  const polls: VideoPoll[] = [];
  for (let i = 0; i < maxPolls; i++) {
    const p = await video.poll(id, ctx());
    polls.push(p);
    if (p.status === "succeeded" || p.status === "failed") return { polls, seen: polls.map((x) => x.status), last: p };
  }
  throw new Error("task never finished");
}

/** The UpstreamError `promise` rejects with; fails the test when it resolves or throws anything else. */
export async function upstreamErrorOf(promise: Promise<unknown>): Promise<UpstreamError> {
  try {
    await promise;
  } catch (err) {
    if (err instanceof UpstreamError) return err;
    throw err;
  }
  throw new Error("expected an UpstreamError");
}
