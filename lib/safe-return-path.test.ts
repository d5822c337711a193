import { describe, expect, it } from "vitest";
import { safeReturnPath } from "./safe-return-path";

describe("safeReturnPath", () => {
  it("keeps same-origin paths, with their query and fragment", () => {
    expect(safeReturnPath("/admin/orders", "/admin")).toBe("/admin/orders");
    expect(safeReturnPath("/admin/orders?status=paid#top", "/admin")).toBe("/admin/orders?status=paid#top");
    // Encoded slashes and tabs stay encoded: the browser follows them on this site.
    expect(safeReturnPath("/%2F%2Fevil.example", "/admin")).toBe("/%2F%2Fevil.example");
    expect(safeReturnPath("/%09/evil.example", "/admin")).toBe("/%09/evil.example");
  });

  it.each([
    undefined,
    "",
    "admin",
    "https://evil.example",
    "//evil.example",
    "/\\evil.example",
    "\\\\evil.example",
    "/\t/evil.example",
    "/\n/evil.example",
    "/\r/evil.example",
    "/\t\\evil.example",
    "\t//evil.example",
    "javascript:alert(1)",
    "JaVaScRiPt:alert(1)",
    "https:evil.example",
    "https:/evil.example",
    "http:\\\\evil.example",
    "data:text/html,<script>alert(1)</script>",
    "/\\/evil.example",
  ])("refuses %j, which a browser would take off the site", (bad) => {
    expect(safeReturnPath(bad, "/admin")).toBe("/admin");
  });
});
