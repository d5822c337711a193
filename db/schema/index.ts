export * from "./users";
export * from "./stores";
export * from "./catalog";
export * from "./orders";
export * from "./email";
export * from "./support";
export * from "./webhooks";
export * from "./settings";
