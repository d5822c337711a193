// The npm registry reachable from our machines serves only linux-x64 builds, so
// `npm install` leaves other platforms' optional packages (next's SWC binaries, the
// Stripe CLI's) out of package-lock.json, and `npm ci` then refuses the lock file.
// This adds the missing entries, marked with the platform they are for, so `npm ci`
// validates and skips them here and installs them on a machine of that platform.
// Run after `npm install`: node scripts/lockfile-add-foreign-platforms.mjs
import { readFileSync, writeFileSync } from "node:fs";

const PLATFORM =
  /-(darwin|linux|win32|freebsd|android|openharmony)-(arm64|x64|ia32|arm|loong64|ppc64|riscv64|s390x)(-(gnu|musl|msvc|gnueabihf|musleabihf|eabi))?$/;
// WebAssembly fallbacks (e.g. @tailwindcss/oxide-wasm32-wasi) run anywhere but declare cpu wasm32.
const WASM = /-wasm32-wasi$/;
const lock = JSON.parse(readFileSync("package-lock.json", "utf8"));
let added = 0;
for (const [path, entry] of Object.entries(lock.packages)) {
  for (const [name, version] of Object.entries(entry.optionalDependencies ?? {})) {
    const key = `${path ? `${path}/` : ""}node_modules/${name}`.replace(/^\//, "");
    const hoisted = `node_modules/${name}`;
    if (lock.packages[key] || lock.packages[hoisted]) continue;
    if (!/^\d+\.\d+\.\d+/.test(version)) continue;
    if (WASM.test(name)) {
      lock.packages[hoisted] = { version, ...(entry.dev ? { dev: true } : {}), optional: true, cpu: ["wasm32"] };
      added++;
      continue;
    }
    const match = PLATFORM.exec(name);
    if (!match) continue;
    const [, os, cpu, , libc] = match;
    lock.packages[hoisted] = {
      version,
      ...(entry.dev ? { dev: true } : {}),
      optional: true,
      os: [os],
      cpu: [cpu],
      ...(libc === "gnu" || libc === "musl" || libc === "musleabihf"
        ? { libc: [libc === "gnu" ? "glibc" : "musl"] }
        : {}),
    };
    added++;
  }
}
lock.packages = Object.fromEntries(
  Object.entries(lock.packages).sort(([a], [b]) => (a === "" ? -1 : b === "" ? 1 : a.localeCompare(b))),
);
writeFileSync("package-lock.json", `${JSON.stringify(lock, null, 2)}\n`);
console.log(`added ${added} foreign-platform entries`);
