/*
 * Loop for the Payment Element flake (issue 13): a checkout where Pay makes no request.
 *
 *   npx tsx e2e/sandbox/flake-repro.ts --runs 200 [--throttle 4] [--timing filled|early|move|remount]
 *       [--code worktree|<git revision>] [--timeout 8000] [--burn 0]
 *
 * Each run opens a fresh shop page on its own site (shop.localhost, so the card iframe on
 * 127.0.0.1 is cross-site as in the app), mounts the sandbox's Payment Element the way the
 * app's checkout does (Stripe.js injected, Pay enabled at once, not gated on "ready"),
 * then pays. `filled` types the card first and clicks Pay, like e2e/checkout.spec.ts;
 * `early` clicks Pay while the iframe is still loading and types the card afterwards;
 * `move` and `remount` pay in the same task that moves the element's container (the
 * iframe reloads) or mounts the element again, then type the card again and pay.
 * `--code <revision>` serves that revision's stripe.js and iframe instead of the working
 * tree's: `--code 35ea988` is the code before the fix (issue 13).
 * A run fails when the payment does not reach the return_url within --timeout ms. The
 * renderer is slowed with CDP Emulation.setCPUThrottlingRate; --burn N adds N busy threads.
 */
import { execFileSync } from "node:child_process";
import { readFileSync } from "node:fs";
import http from "node:http";
import type { AddressInfo } from "node:net";
import { Worker } from "node:worker_threads";
import { chromium, type Page } from "@playwright/test";
import { systemChromium } from "../playwright-shared";
import Stripe from "stripe";
import { startSandbox } from "../../sandbox/server";
import { PaymentElementFrame } from "./payment-element";
import { VanillaCheckout, vanillaCheckoutPage } from "./vanilla-checkout";

const TIMINGS = ["filled", "early", "move", "remount"] as const;
type Timing = (typeof TIMINGS)[number];

interface Options {
  runs: number;
  throttle: number;
  timing: Timing;
  /** "worktree", or a git revision whose sandbox/stripe-js/ files to serve instead. */
  code: string;
  timeout: number;
  burn: number;
}

function parseOptions(argv: string[]): Options {
  const options: Options = { runs: 200, throttle: 4, timing: "filled", code: "worktree", timeout: 8000, burn: 0 };
  for (let index = 0; index < argv.length; index += 2) {
    const name = argv[index];
    const value = argv[index + 1] ?? "";
    if (name === "--timing") {
      const timing = TIMINGS.find((candidate) => candidate === value);
      if (!timing) throw new Error(`--timing is one of ${TIMINGS.join(", ")}, not "${value}".`);
      options.timing = timing;
      continue;
    }
    if (name === "--code") {
      if (!/^[\w./~^-]+$/.test(value)) throw new Error(`--code is "worktree" or a git revision, not "${value}".`);
      options.code = value;
      continue;
    }
    const number = Number(value);
    if (!Number.isFinite(number) || number < 0) throw new Error(`${name} needs a non-negative number, got "${value}".`);
    if (name === "--runs") options.runs = Math.floor(number);
    else if (name === "--throttle") options.throttle = Math.max(1, number);
    else if (name === "--timeout") options.timeout = number;
    else if (name === "--burn") options.burn = Math.floor(number);
    else throw new Error(`Unknown option ${name}. Options: --runs, --throttle, --timing, --code, --timeout, --burn.`);
  }
  return options;
}

async function fillAndPay(page: Page, timing: Timing): Promise<void> {
  const checkout = new VanillaCheckout(page);
  const card = new PaymentElementFrame(page);
  const incomplete = checkout.message.filter({ hasText: "Your card number is incomplete." });
  if (timing === "early") {
    // Pay as soon as the element is mounted, before the frame has said it is ready.
    await checkout.reached("mounted");
    await checkout.pay.click();
    await incomplete.waitFor();
    await card.fillCard({ number: "4242 4242 4242 4242" });
    await checkout.pay.click();
    return;
  }
  await card.fillCard({ number: "4242 4242 4242 4242" });
  if (timing === "move" || timing === "remount") {
    // The card typed into the old frame is gone: the answer must be the empty card's error.
    await checkout.reached("ready");
    await checkout.payWhileFrameIsReplaced(timing);
    await incomplete.waitFor();
    await card.fillCard({ number: "4242 4242 4242 4242" });
  }
  await checkout.pay.click();
}

/** The Stripe.js and iframe to serve: the working tree's, or a revision's (to measure "before"). */
function stripeJsSources(code: string): { script: string; frame: string } {
  const read = (file: string) =>
    code === "worktree"
      ? readFileSync(new URL(`../../sandbox/stripe-js/${file}`, import.meta.url), "utf8")
      : execFileSync("git", ["show", `${code}:sandbox/stripe-js/${file}`], { encoding: "utf8" });
  return { script: read("stripe.js"), frame: read("payment-element.html") };
}

function burnCpu(threads: number): Worker[] {
  const source = "for (;;) Math.sqrt(Math.random());";
  return Array.from({ length: threads }, () => new Worker(source, { eval: true }));
}

async function main(): Promise<void> {
  const options = parseOptions(process.argv.slice(2));
  const sandbox = await startSandbox({ port: 0, dataFile: null, retryScale: 0.0001 });
  const account = (await (await fetch(`${sandbox.url}/_sandbox/accounts`, { method: "POST" })).json()) as {
    keys: { test: { publishable: string; secret: string } };
  };
  const keys = account.keys.test;
  const stripe = new Stripe(keys.secret, { host: "127.0.0.1", port: sandbox.port, protocol: "http" });

  const pages = new Map<string, string>();
  const shop = http.createServer((request, response) => {
    const url = new URL(request.url ?? "/", "http://shop.invalid");
    const body = pages.get(url.searchParams.get("run") ?? "") ?? "<!doctype html><h1>Thanks</h1>";
    response.writeHead(200, { "Content-Type": "text/html; charset=utf-8", "Cache-Control": "no-store" });
    response.end(body);
  });
  await new Promise<void>((resolve) => shop.listen(0, "127.0.0.1", resolve));
  // *.localhost resolves to loopback in Chromium; another site than 127.0.0.1, as in the app.
  const shopOrigin = `http://shop.localhost:${(shop.address() as AddressInfo).port}`;

  const sources = stripeJsSources(options.code);
  const burners = burnCpu(options.burn);
  const browser = await chromium.launch(systemChromium);
  const failures: { run: number; stages: string[]; hung: boolean }[] = [];
  const started = Date.now();
  try {
    for (let run = 1; run <= options.runs; run++) {
      const intent = await stripe.paymentIntents.create({ amount: 1500, currency: "usd" });
      pages.set(
        String(run),
        vanillaCheckoutPage({
          stripeJsUrl: `${sandbox.url}/js/v3/`,
          publishableKey: keys.publishable,
          clientSecret: intent.client_secret ?? "",
          returnUrl: `${shopOrigin}/return?run=done`,
        }),
      );
      const context = await browser.newContext();
      // Both modes serve the files through the same route, so only the code differs.
      await context.route(`${sandbox.url}/js/v3/`, (route) =>
        route.fulfill({ contentType: "application/javascript; charset=utf-8", body: sources.script }),
      );
      await context.route(`${sandbox.url}/elements/payment?**`, (route) =>
        route.fulfill({ contentType: "text/html; charset=utf-8", body: sources.frame }),
      );
      const page = await context.newPage();
      page.setDefaultTimeout(options.timeout);
      if (options.throttle > 1) {
        const cdp = await context.newCDPSession(page);
        await cdp.send("Emulation.setCPUThrottlingRate", { rate: options.throttle });
      }
      try {
        await page.goto(`${shopOrigin}/checkout?run=${run}`);
        await fillAndPay(page, options.timing);
        await page.waitForURL(`${shopOrigin}/return?**`, { timeout: options.timeout });
      } catch (error) {
        const stages = await page
          .evaluate(() => (window as unknown as { __stages?: string[] }).__stages ?? [])
          .catch(() => ["(page gone)"]);
        // The flake: Pay was submitted and nothing answered it. Anything else is a step
        // that was too slow under the load (typing, loading), reported apart.
        const hung =
          stages.lastIndexOf("submit") > Math.max(stages.lastIndexOf("submit-error"), stages.lastIndexOf("submitted"));
        failures.push({ run, stages, hung });
        const step = (error instanceof Error ? error.message : String(error)).split("\n")[0];
        console.log(
          `run ${run}: ${hung ? "HUNG after Pay" : "FAILED"} (step timeout ${options.timeout} ms: ${step}); stages: ${stages.join(" > ")}`,
        );
      } finally {
        await context.close();
        pages.delete(String(run));
      }
      if (run % 20 === 0) {
        console.log(
          `${run} runs, ${failures.length} failed, ${failures.filter((failure) => failure.hung).length} hung`,
        );
      }
    }
  } finally {
    await browser.close();
    await Promise.all(burners.map((worker) => worker.terminate()));
    shop.closeAllConnections();
    await new Promise<void>((resolve) => shop.close(() => resolve()));
    await sandbox.close();
  }
  const seconds = ((Date.now() - started) / 1000).toFixed(0);
  console.log(
    `${failures.length} of ${options.runs} checkouts failed (${((100 * failures.length) / Math.max(1, options.runs)).toFixed(1)}%), ` +
      `${failures.filter((failure) => failure.hung).length} of them hung after Pay; ` +
      `${options.code} code, timing ${options.timing}, CPU throttle ${options.throttle}x, ${options.burn} busy threads, ${seconds} s.`,
  );
  process.exitCode = failures.length > 0 ? 1 : 0;
}

void main().catch((error: unknown) => {
  console.error(error);
  process.exitCode = 2;
});
