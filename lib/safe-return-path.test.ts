import { expect, it } from "vitest";
import { safeReturnPath } from "./safe-return-path";

it("keeps same-host paths and replaces anything that could leave the host", () => {
  expect(safeReturnPath("/admin/orders", "/admin")).toBe("/admin/orders");
  for (const bad of [undefined, "", "https://evil.test", "//evil.test", "/\\evil.test", "admin"]) {
    expect(safeReturnPath(bad, "/admin")).toBe("/admin");
  }
});
