// npm run demo — start the Stripe sandbox, migrate, seed the demo store (connected to the
// sandbox), build and serve the platform on the embedded defaults. Re-running keeps data.
import { spawn, spawnSync, type ChildProcess } from "node:child_process";
import { connectDemoStoreToSandbox, DEMO_OWNER_EMAIL, seedDemoStaff, seedDemoStore } from "@/db/seed-demo";
import { seedPlatformBillingAccount } from "@/db/seed-platform-billing";
import { syncPlans } from "@/lib/billing/plans";
import { closeDb } from "@/lib/db";
import { env } from "@/lib/env";
import { devSecrets } from "@/lib/env-schema";

const sandboxUrl = env.STRIPE_SANDBOX_URL;
if (!sandboxUrl) throw new Error("npm run demo sets STRIPE_SANDBOX_URL; run it through npm");
const children: ChildProcess[] = [];
const stopAll = (signal: NodeJS.Signals = "SIGTERM") => children.forEach((child) => child.kill(signal));
for (const signal of ["SIGINT", "SIGTERM"] as const) process.on(signal, () => stopAll(signal));

const sandbox = spawn("npx", ["tsx", "sandbox/main.ts"], {
  stdio: "inherit",
  env: { ...process.env, SANDBOX_PORT: new URL(sandboxUrl).port || "12111" },
});
children.push(sandbox);
await waitFor(`${sandboxUrl}/_sandbox/health`);

const demo = await seedDemoStore();
const staff = await seedDemoStaff();
const connection = await connectDemoStoreToSandbox(sandboxUrl);
// Platform billing on the sandbox's "Platform" account, unless real platform keys were given.
const billingKeys = env.PLATFORM_STRIPE_SECRET_KEY
  ? null
  : await seedPlatformBillingAccount({
      sandboxUrl,
      dataDir: env.DATA_DIR,
      platformOrigin: `http://${env.ROOT_DOMAIN}`,
    });
if (billingKeys) Object.assign(env, billingKeys);
const plans = await syncPlans();
await closeDb();

// `next start` runs in production mode, which requires the secrets; the demo hands it the
// ones generated once into .data/ so stored data stays readable across runs.
const serverEnv = {
  ...process.env,
  ...devSecrets(env.DATA_DIR),
  ...billingKeys,
  NODE_ENV: "production" as const,
};
const build = spawnSync("npx", ["next", "build"], { stdio: "inherit", env: serverEnv });
if (build.status !== 0) {
  stopAll();
  process.exit(build.status ?? 1);
}
const server = spawn("npx", ["next", "start", "-p", String(env.PORT)], { stdio: "inherit", env: serverEnv });
children.push(server);
server.on("exit", (code) => {
  stopAll();
  process.exit(code ?? 0);
});

await waitFor(`http://${env.ROOT_DOMAIN}/api/health`);
const [rootHost] = env.ROOT_DOMAIN.split(":");
const port = env.ROOT_DOMAIN.includes(":") ? `:${env.ROOT_DOMAIN.split(":")[1]}` : "";
console.log(`
  Platform        http://${env.ROOT_DOMAIN}
  Demo store      http://demo.${rootHost}${port}
  Store admin     http://demo.${rootHost}${port}/admin
  Owner           ${DEMO_OWNER_EMAIL} / ${demo.password ?? "(set on first run; see .data/demo-owner.json)"}
  Staff console   http://${env.ROOT_DOMAIN}/staff
  Staff           ${staff.email} / ${staff.password}
  Stripe sandbox  ${sandboxUrl}  (demo store ${connection === "connected" ? "connected just now" : "connected"}, Test mode)
  Billing         http://${env.ROOT_DOMAIN}/billing  (platform account in the sandbox; ${plans.created.length + plans.replaced.length + plans.unchanged.length} plan prices)
`);

async function waitFor(url: string): Promise<void> {
  for (let i = 0; i < 240; i++) {
    try {
      if ((await fetch(url)).ok) return;
    } catch {
      // not listening yet
    }
    await new Promise((r) => setTimeout(r, 500));
  }
  stopAll();
  throw new Error(`nothing answered at ${url}`);
}
