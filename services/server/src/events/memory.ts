// In-process task event bus for a single server instance (no REDIS_URL).
import { EventEmitter } from "node:events";
import type { TaskEventBus } from "./types";

export function createMemoryTaskEventBus(): TaskEventBus {
  const emitter = new EventEmitter();
  // One listener per open SSE stream: many is normal, not a leak.
  emitter.setMaxListeners(0);
  return {
    async publish(taskId, event) {
      emitter.emit(taskId, event);
    },
    async subscribe(taskId, handler) {
      emitter.on(taskId, handler);
      return () => {
        emitter.off(taskId, handler);
      };
    },
  };
}
