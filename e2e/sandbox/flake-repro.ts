/*
 * Loop for the Payment Element flake (issue 13): a checkout where Pay makes no request.
 *
 *   npx tsx e2e/sandbox/flake-repro.ts --runs 200 [--throttle 4] [--timing filled|early] [--timeout 8000]
 *
 * Each run opens a fresh shop page on its own site (shop.localhost, so the card iframe on
 * 127.0.0.1 is cross-site as in the app), mounts the sandbox's Payment Element the way the
 * app's checkout does (Stripe.js injected, Pay enabled at once, not gated on "ready"),
 * then pays. `filled` types the card first and clicks Pay, like e2e/checkout.spec.ts;
 * `early` clicks Pay while the iframe is still loading and types the card afterwards.
 * A run fails when the payment does not reach the return_url within --timeout ms. The
 * renderer is slowed with CDP Emulation.setCPUThrottlingRate; --burn N adds N busy threads.
 */
import http from "node:http";
import type { AddressInfo } from "node:net";
import { Worker } from "node:worker_threads";
import { chromium, type Page } from "@playwright/test";
import Stripe from "stripe";
import { startSandbox } from "../../sandbox/server";
import { PaymentElementFrame } from "./payment-element";

interface Options {
  runs: number;
  throttle: number;
  timing: "filled" | "early";
  timeout: number;
  burn: number;
}

function parseOptions(argv: string[]): Options {
  const options: Options = { runs: 200, throttle: 4, timing: "filled", timeout: 8000, burn: 0 };
  for (let index = 0; index < argv.length; index += 2) {
    const name = argv[index];
    const value = argv[index + 1] ?? "";
    if (name === "--timing") {
      if (value !== "filled" && value !== "early") throw new Error(`--timing is "filled" or "early", not "${value}".`);
      options.timing = value;
      continue;
    }
    const number = Number(value);
    if (!Number.isFinite(number) || number < 0) throw new Error(`${name} needs a non-negative number, got "${value}".`);
    if (name === "--runs") options.runs = Math.floor(number);
    else if (name === "--throttle") options.throttle = Math.max(1, number);
    else if (name === "--timeout") options.timeout = number;
    else if (name === "--burn") options.burn = Math.floor(number);
    else throw new Error(`Unknown option ${name}. Options: --runs, --throttle, --timing, --timeout, --burn.`);
  }
  return options;
}

/** The shop's checkout page: stripe.js injected like app/s/[store]/checkout/checkout-form.tsx. */
function checkoutPage(sandboxUrl: string, publishableKey: string, clientSecret: string, returnUrl: string): string {
  const config = JSON.stringify({ stripeJs: `${sandboxUrl}/js/v3/`, publishableKey, clientSecret, returnUrl }).replace(
    /</g,
    "\\u003c",
  );
  return `<!doctype html><html><head><meta charset="utf-8"><title>Shop</title></head><body>
<form id="pay-form"><div id="payment-element"></div><button type="submit">Pay</button><p role="alert" id="message"></p></form>
<script>
  var config = ${config};
  window.__stages = [];
  function stage(name) { window.__stages.push(name); }
  var script = document.createElement("script");
  script.src = config.stripeJs;
  script.onload = function () {
    var stripe = Stripe(config.publishableKey);
    var elements = stripe.elements({ clientSecret: config.clientSecret });
    var element = elements.create("payment");
    element.on("ready", function () { stage("ready"); });
    element.mount("#payment-element");
    stage("mounted");
    document.getElementById("pay-form").addEventListener("submit", function (event) {
      event.preventDefault();
      stage("submit");
      elements.submit().then(function (submitted) {
        stage(submitted.error ? "submit-error" : "submitted");
        if (submitted.error) {
          document.getElementById("message").textContent = submitted.error.message;
          return;
        }
        return stripe.confirmPayment({ elements: elements, confirmParams: { return_url: config.returnUrl } })
          .then(function (result) {
            stage("confirm-error");
            document.getElementById("message").textContent = result.error.message;
          });
      }, function (error) {
        stage("submit-rejected: " + error.message);
      });
    });
  };
  document.head.appendChild(script);
</script></body></html>`;
}

async function fillAndPay(page: Page, timing: Options["timing"]): Promise<void> {
  const pay = page.getByRole("button", { name: "Pay" });
  const card = new PaymentElementFrame(page);
  if (timing === "early") {
    // Pay as soon as the element is mounted, before the frame has said it is ready.
    await page.waitForFunction(() => (window as unknown as { __stages?: string[] }).__stages?.includes("mounted"));
    await pay.click();
    await card.fillCard({ number: "4242 4242 4242 4242" });
    // The first Pay reported the empty card; pay again now that it is complete.
    await page
      .getByRole("alert")
      .filter({ hasText: /incomplete/ })
      .waitFor();
    await pay.click();
    return;
  }
  await card.fillCard({ number: "4242 4242 4242 4242" });
  await pay.click();
}

function burnCpu(threads: number): Worker[] {
  const source = "const end = () => {}; for (;;) { Math.sqrt(Math.random()); }";
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

  const burners = burnCpu(options.burn);
  const browser = await chromium.launch({
    executablePath: "/usr/bin/chromium",
    args: ["--no-sandbox", "--disable-gpu", "--disable-background-networking", "--no-first-run"],
  });
  const failures: { run: number; stages: string[] }[] = [];
  const started = Date.now();
  try {
    for (let run = 1; run <= options.runs; run++) {
      const intent = await stripe.paymentIntents.create({ amount: 1500, currency: "usd" });
      pages.set(
        String(run),
        checkoutPage(sandbox.url, keys.publishable, intent.client_secret ?? "", `${shopOrigin}/return?run=done`),
      );
      const context = await browser.newContext();
      const page = await context.newPage();
      if (options.throttle > 1) {
        const cdp = await context.newCDPSession(page);
        await cdp.send("Emulation.setCPUThrottlingRate", { rate: options.throttle });
      }
      try {
        await page.goto(`${shopOrigin}/checkout?run=${run}`);
        await fillAndPay(page, options.timing);
        await page.waitForURL(`${shopOrigin}/return?**`, { timeout: options.timeout });
      } catch {
        const stages = await page
          .evaluate(() => (window as unknown as { __stages?: string[] }).__stages ?? [])
          .catch(() => ["(page gone)"]);
        failures.push({ run, stages });
        console.log(`run ${run}: FAILED, no payment within ${options.timeout} ms; stages: ${stages.join(" > ")}`);
      } finally {
        await context.close();
        pages.delete(String(run));
      }
      if (run % 20 === 0) console.log(`${run} runs, ${failures.length} failed`);
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
      `timing ${options.timing}, CPU throttle ${options.throttle}x, ${options.burn} busy threads, ${seconds} s.`,
  );
  process.exitCode = failures.length > 0 ? 1 : 0;
}

void main().catch((error: unknown) => {
  console.error(error);
  process.exitCode = 2;
});
