import { describe, expect, it } from "vitest";
import {
  isServerActionCall,
  screenServerActionBody,
  screenServerActionRequest,
  SERVER_ACTION_BODY_LIMIT_BYTES,
} from "./server-action-request";

const utf8 = (text: string) => new TextEncoder().encode(text);

/** A body as the browser sends it for `encodeReply` that needed FormData. */
async function multipart(form: FormData): Promise<{ type: string; body: Uint8Array<ArrayBuffer> }> {
  const request = new Request("http://x.test/", { method: "POST", body: form });
  return { type: request.headers.get("content-type") ?? "", body: new Uint8Array(await request.arrayBuffer()) };
}

describe("server action request screen", () => {
  it("passes what React's client sends: a JSON string, or multipart whose part 0 is JSON", async () => {
    expect(await screenServerActionBody("text/plain;charset=UTF-8", utf8('[{"email":"a@b.test"}]'))).toEqual({
      ok: true,
    });
    const form = new FormData();
    form.set("0", '["$K1"]');
    form.append("1_productId", "p1");
    form.append("2", new Blob(["bytes"]));
    const { type, body } = await multipart(form);
    expect(await screenServerActionBody(type, body)).toEqual({ ok: true });
  });

  it("answers 400 for a body that is not JSON, whatever it claims to be", async () => {
    for (const [type, text] of [
      ["text/plain;charset=UTF-8", "garbage"],
      ["application/json", "{not json"],
      [null, ""],
      ["application/octet-stream", "\u0000\u0001"],
    ] as const) {
      expect(await screenServerActionBody(type, utf8(text)), `${type}: ${text}`).toMatchObject({
        ok: false,
        status: 400,
      });
    }
  });

  it("answers 400 for multipart that does not parse or whose root part is not JSON", async () => {
    expect(await screenServerActionBody("multipart/form-data; boundary=xyz", utf8("garbage"))).toMatchObject({
      status: 400,
    });
    const noRoot = new FormData();
    noRoot.set("1", "[]");
    const a = await multipart(noRoot);
    expect(await screenServerActionBody(a.type, a.body)).toMatchObject({ status: 400 });
    const badRoot = new FormData();
    badRoot.set("0", "garbage");
    const b = await multipart(badRoot);
    expect(await screenServerActionBody(b.type, b.body)).toMatchObject({ status: 400 });
  });

  it("answers 413 past the action body limit, by declared length or by what arrives", async () => {
    const big = JSON.stringify(["x".repeat(SERVER_ACTION_BODY_LIMIT_BYTES)]);
    expect(await screenServerActionBody("text/plain", utf8(big))).toMatchObject({ ok: false, status: 413 });
    const justUnder = JSON.stringify(["x".repeat(SERVER_ACTION_BODY_LIMIT_BYTES - 10)]);
    expect(await screenServerActionBody("text/plain", utf8(justUnder))).toEqual({ ok: true });

    const declared = new Request("http://x.test/", {
      method: "POST",
      headers: { "next-action": "abc", "content-length": String(SERVER_ACTION_BODY_LIMIT_BYTES + 1) },
      body: "[]",
    });
    expect(await screenServerActionRequest(declared)).toMatchObject({ status: 413 });
  });

  it("only screens POSTs that carry Next's action header", () => {
    const post = (headers: Record<string, string>) => new Request("http://x.test/", { method: "POST", headers });
    expect(isServerActionCall(post({ "Next-Action": "7f00" }))).toBe(true);
    expect(isServerActionCall(post({}))).toBe(false);
    expect(isServerActionCall(new Request("http://x.test/", { headers: { "next-action": "7f00" } }))).toBe(false);
  });
});
