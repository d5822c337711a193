// npm run demo — migrate, seed the demo store, build and serve the platform on the
// embedded defaults. Re-running keeps existing data.
import { spawn, spawnSync } from "node:child_process";
import { DEMO_OWNER_EMAIL, seedDemoStore } from "@/db/seed-demo";
import { closeDb } from "@/lib/db";
import { env } from "@/lib/env";
import { devSecrets } from "@/lib/env-schema";

const demo = await seedDemoStore();
await closeDb();

// `next start` runs in production mode, which requires the secrets; the demo hands it the
// ones generated once into .data/ so stored data stays readable across runs.
const secrets = devSecrets(env.DATA_DIR);
const serverEnv = { ...process.env, ...secrets, NODE_ENV: "production" as const };

const build = spawnSync("npx", ["next", "build"], { stdio: "inherit", env: serverEnv });
if (build.status !== 0) process.exit(build.status ?? 1);

const server = spawn("npx", ["next", "start", "-p", String(env.PORT)], { stdio: "inherit", env: serverEnv });
for (const signal of ["SIGINT", "SIGTERM"] as const) process.on(signal, () => server.kill(signal));
server.on("exit", (code) => process.exit(code ?? 0));

const base = `http://${env.ROOT_DOMAIN}`;
await waitForHealth(`${base}/api/health`);
const [rootHost] = env.ROOT_DOMAIN.split(":");
const port = env.ROOT_DOMAIN.includes(":") ? `:${env.ROOT_DOMAIN.split(":")[1]}` : "";
console.log(`
  Platform      ${base}
  Demo store    http://demo.${rootHost}${port}
  Store admin   http://demo.${rootHost}${port}/admin
  Owner         ${DEMO_OWNER_EMAIL} / ${demo.password ?? "(set on first run; see .data/demo-owner.json)"}
`);

async function waitForHealth(url: string): Promise<void> {
  for (let i = 0; i < 120; i++) {
    try {
      if ((await fetch(url)).ok) return;
    } catch {
      // not listening yet
    }
    await new Promise((r) => setTimeout(r, 500));
  }
  throw new Error(`the server did not become healthy at ${url}`);
}
