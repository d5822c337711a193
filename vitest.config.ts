import path from "node:path";
import { defineConfig } from "vitest/config";

export default defineConfig({
  resolve: {
    alias: {
      "@": path.resolve(import.meta.dirname),
      // Vitest runs outside React's server environment; the guard is for bundles only.
      "server-only": path.resolve(import.meta.dirname, "test/server-only-stub.ts"),
    },
  },
  test: {
    include: ["**/*.test.ts"],
    exclude: ["node_modules/**", "e2e/**", ".next/**", ".data/**"],
    // Each test file gets its own in-memory PGlite, unless DATABASE_URL points at Postgres,
    // in which case the global setup creates a fresh database for the run.
    env: { NODE_ENV: "test", PGLITE_DATA_DIR: "memory://", DATA_DIR: ".data/test" },
    // Conformance first: its teardown runs last, once every sandbox has sent its last body.
    globalSetup: ["test/conformance-setup.ts", "test/global-setup.ts"],
    setupFiles: ["test/setup.ts"],
    // Memory tests (`*.memory.test.ts`) collect garbage before they measure what is retained.
    execArgv: ["--expose-gc"],
    // Vitest's default on this 2-core machine is one worker. Files keep to themselves (each
    // has its own PGlite; on Postgres each worker its own database), so two run side by side.
    maxWorkers: 2,
    testTimeout: 30_000,
    hookTimeout: 60_000,
  },
});
