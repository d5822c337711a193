import "server-only";
import { loadEnv, type Env } from "./env-schema";

/**
 * The platform's configuration, parsed once. Nothing else reads `process.env`:
 * a missing or malformed value fails here, at start, with a message naming it.
 */
export const env: Env = loadEnv(process.env);
export type { Env };
