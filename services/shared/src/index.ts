export * from "./errors";
export * from "./internal-signature";
export * from "./images";
export * from "./pagination";
export * from "./account";
export * from "./sealing";
