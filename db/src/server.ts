export * from "./server/schema";
