export * from "./account";
export * from "./errors";
export * from "./images";
export * from "./internal-signature";
export * from "./pagination";
export * from "./sealing";
