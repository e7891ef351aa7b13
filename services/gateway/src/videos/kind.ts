// Videos as a task kind: submitted through the provider's video capability, polled by it until the file exists.
import type { TaskPoll, VideoPoll } from "../providers/types";
import type { TaskKind } from "../tasks/types";
import { videosRoute } from "./route";

export const videoTasks: TaskKind = {
  name: "video",
  routes: videosRoute,
  pollerOf(provider) {
    const video = provider.video;
    return video && (async (id, ctx) => toTaskPoll(await video.poll(id, ctx)));
  },
};

function toTaskPoll(poll: VideoPoll): TaskPoll {
  return poll.status === "succeeded" ? { status: "succeeded", files: poll.videos } : poll;
}
