import { readdirSync, readFileSync } from "node:fs";
import path from "node:path";
import { describe, expect, it } from "vitest";

/*
 * One list drives the checks: every admin page, server action and upload route in the tree
 * is found here, so a new one that forgets its store-and-member check fails this test.
 */
const root = path.resolve(import.meta.dirname, "../..");

function filesUnder(dir: string, name: RegExp): string[] {
  return readdirSync(path.join(root, dir), { recursive: true, withFileTypes: true })
    .filter((entry) => entry.isFile() && name.test(entry.name))
    .map((entry) => path.relative(root, path.join(entry.parentPath, entry.name)));
}

describe("the store admin's surface", () => {
  const adminDir = "app/s/[store]/admin";

  it("checks the member first on every admin page", () => {
    const pages = filesUnder(adminDir, /^page\.tsx$/).filter((file) => !file.includes("/sign-in/"));
    expect(pages.length).toBeGreaterThanOrEqual(9);
    for (const file of pages) {
      const source = readFileSync(path.join(root, file), "utf8");
      expect(source, file).toMatch(/const access = await requireStoreAdmin\(/);
    }
  });

  it("wraps every exported server action in storeAdminAction", () => {
    const actionFiles = filesUnder(adminDir, /^actions\.ts$/);
    let actions = 0;
    for (const file of actionFiles) {
      const source = readFileSync(path.join(root, file), "utf8");
      expect(source.startsWith('"use server";'), file).toBe(true);
      const exported = [...source.matchAll(/^export (async function|function|const|let) (\w+)(.*)$/gm)];
      for (const [, kind, name, rest] of exported) {
        actions++;
        expect(kind, `${file}: ${name}`).toBe("const");
        expect(rest, `${file}: ${name}`).toMatch(/^ = storeAdminAction\(/);
      }
    }
    expect(actions).toBeGreaterThanOrEqual(12);
  });

  it("runs every upload route through handleUpload, which checks the member", () => {
    const routes = filesUnder("app/api/uploads", /^route\.ts$/);
    expect(routes.length).toBeGreaterThanOrEqual(3);
    for (const file of routes) {
      const source = readFileSync(path.join(root, file), "utf8");
      const handlers = [...source.matchAll(/^export async function (GET|POST|PUT|PATCH|DELETE)\b[^]*?^}/gm)];
      expect(handlers.length, file).toBeGreaterThan(0);
      for (const [handler] of handlers) expect(handler, file).toMatch(/return handleUpload\(request,/);
    }
    expect(readFileSync(path.join(root, "lib/catalog/upload-request.ts"), "utf8")).toMatch(
      /await requireStoreAdminForAction\(\)/,
    );
  });
});
