import { defineConfig, globalIgnores } from "eslint/config";
import nextVitals from "eslint-config-next/core-web-vitals";
import nextTs from "eslint-config-next/typescript";

export default defineConfig([
  ...nextVitals,
  ...nextTs,
  {
    rules: {
      // House style: no `any`, no unused code, and unused names only when marked with "_".
      "@typescript-eslint/no-explicit-any": "error",
      "@typescript-eslint/no-unused-vars": [
        "error",
        { argsIgnorePattern: "^_", varsIgnorePattern: "^_", caughtErrors: "none" },
      ],
    },
  },
  {
    // Playwright fixtures call their `use` callback, which is not React's hook.
    files: ["e2e/**"],
    rules: { "react-hooks/rules-of-hooks": "off" },
  },
  {
    // The sandbox's stand-in for Stripe.js is a plain browser script in ES5 closure style.
    files: ["sandbox/stripe-js/**"],
    rules: { "@typescript-eslint/no-this-alias": "off", "@typescript-eslint/no-unused-expressions": "off" },
  },
  globalIgnores([
    ".next/**",
    ".data/**",
    ".data-e2e/**",
    "node_modules/**",
    "next-env.d.ts",
    "test-results/**",
    "playwright-report/**",
    "e2e/sandbox/react-checkout/dist/**",
    "bench/reference/.next/**",
    "bench/reference/next-env.d.ts",
  ]),
]);
