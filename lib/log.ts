import "server-only";
import pino from "pino";
import { env } from "./env";

/** Structured JSON logs. Anything that could hold a secret is redacted by path. */
export const log = pino({
  level: env.NODE_ENV === "test" ? "silent" : env.LOG_LEVEL,
  base: { service: "storehost" },
  redact: {
    paths: [
      "password",
      "*.password",
      "passwordHash",
      "*.passwordHash",
      "secret",
      "*.secret",
      "*.secretKey",
      "*.webhookSecret",
      "*.apiKey",
      "headers.cookie",
      "headers.authorization",
      'headers["stripe-signature"]',
    ],
    censor: "[redacted]",
  },
});
