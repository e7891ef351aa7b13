export * from "./gateway/schema";
