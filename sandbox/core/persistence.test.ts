import { mkdtempSync, readFileSync, rmSync, existsSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import Stripe from "stripe";
import { startSandbox } from "../server";

const directory = mkdtempSync(join(tmpdir(), "sandbox-state-"));
afterAll(() => rmSync(directory, { recursive: true, force: true }));

describe("the data file", () => {
  it("keeps accounts, keys and objects across a restart", async () => {
    const dataFile = join(directory, "nested", "state.json");
    const first = await startSandbox({ port: 0, dataFile });
    const account = (await (
      await fetch(`${first.url}/_sandbox/accounts`, {
        method: "POST",
        body: JSON.stringify({ name: "Demo shop" }),
        headers: { "Content-Type": "application/json" },
      })
    ).json()) as {
      id: string;
      keys: { test: { secret: string } };
    };
    const customer = await new Stripe(account.keys.test.secret, {
      host: "127.0.0.1",
      port: first.port,
      protocol: "http",
    }).customers.create({ email: "kept@example.com" });
    await first.close();

    expect(existsSync(dataFile)).toBe(true);
    expect(existsSync(`${dataFile}.${process.pid}.tmp`)).toBe(false);
    const saved = JSON.parse(readFileSync(dataFile, "utf8")) as { version: number; accounts: Array<{ name: string }> };
    expect(saved.version).toBe(1);
    expect(saved.accounts.map((entry) => entry.name)).toEqual(["Demo shop"]);

    const second = await startSandbox({ port: 0, dataFile });
    try {
      const stripe = new Stripe(account.keys.test.secret, { host: "127.0.0.1", port: second.port, protocol: "http" });
      expect((await stripe.customers.retrieve(customer.id)) as Stripe.Customer).toMatchObject({
        email: "kept@example.com",
      });
    } finally {
      await second.close();
    }
  });

  it("loads a data file written before invoice items existed and adds them", async () => {
    const dataFile = join(directory, "older.json");
    const first = await startSandbox({ port: 0, dataFile });
    const account = (await (
      await fetch(`${first.url}/_sandbox/accounts`, { method: "POST", body: "name=Older" })
    ).json()) as { keys: { test: { secret: string } } };
    const customer = await new Stripe(account.keys.test.secret, {
      host: "127.0.0.1",
      port: first.port,
      protocol: "http",
    }).customers.create({});
    await first.close();
    const saved = JSON.parse(readFileSync(dataFile, "utf8")) as { ledgers: Record<string, Record<string, unknown>> };
    for (const ledger of Object.values(saved.ledgers)) delete ledger.invoiceItems;
    writeFileSync(dataFile, JSON.stringify(saved));

    const second = await startSandbox({ port: 0, dataFile });
    try {
      const stripe = new Stripe(account.keys.test.secret, { host: "127.0.0.1", port: second.port, protocol: "http" });
      const item = await stripe.invoiceItems.create({ customer: customer.id, amount: 500, currency: "usd" });
      expect((await stripe.invoiceItems.list({ customer: customer.id })).data.map((entry) => entry.id)).toEqual([
        item.id,
      ]);
    } finally {
      await second.close();
    }
  });

  it("refuses to start on a damaged data file instead of overwriting it", async () => {
    const dataFile = join(directory, "broken.json");
    writeFileSync(dataFile, "{ not json");
    await expect(startSandbox({ port: 0, dataFile })).rejects.toThrow(/not valid JSON/);
    expect(readFileSync(dataFile, "utf8")).toBe("{ not json");
  });
});
