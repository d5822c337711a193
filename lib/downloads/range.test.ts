import { describe, expect, it } from "vitest";
import { contentDisposition, safeContentType } from "./headers";
import { parseRange } from "./range";

describe("parseRange (RFC 9110, one range)", () => {
  it.each([
    [null, { kind: "ignore" }],
    ["bytes=0-99", { kind: "range", start: 0, end: 99 }],
    ["bytes=100-", { kind: "range", start: 100, end: 999 }],
    ["bytes=900-5000", { kind: "range", start: 900, end: 999 }],
    ["bytes=-100", { kind: "range", start: 900, end: 999 }],
    ["bytes=-5000", { kind: "range", start: 0, end: 999 }],
    ["Bytes = 5-5", { kind: "range", start: 5, end: 5 }],
    ["bytes=0-1,,", { kind: "range", start: 0, end: 1 }],
    ["bytes=1000-", { kind: "unsatisfiable" }],
    ["bytes=-0", { kind: "unsatisfiable" }],
    ["bytes=0-1, 5-6", { kind: "ignore" }], // multiple ranges: whole file
    ["bytes=9-3", { kind: "ignore" }], // invalid: last before first
    ["bytes=abc", { kind: "ignore" }],
    ["items=0-1", { kind: "ignore" }],
  ] as const)("%s of 1000 bytes → %o", (header, expected) => {
    expect(parseRange(header, 1000)).toEqual(expected);
  });

  it("finds nothing to serve in an empty file", () => {
    expect(parseRange("bytes=0-", 0)).toEqual({ kind: "unsatisfiable" });
    expect(parseRange("bytes=-1", 0)).toEqual({ kind: "unsatisfiable" });
  });
});

describe("download headers", () => {
  it("gives an ASCII fallback and the exact UTF-8 name", () => {
    expect(contentDisposition("Café menu (v2).pdf")).toBe(
      `attachment; filename="Cafe menu (v2).pdf"; filename*=UTF-8''Caf%C3%A9%20menu%20%28v2%29.pdf`,
    );
    expect(contentDisposition('evil"\r\n/../x.txt')).toBe(
      `attachment; filename="evil____.._x.txt"; filename*=UTF-8''evil%22___.._x.txt`,
    );
  });

  it("keeps well-formed content types only", () => {
    expect(safeContentType("application/pdf")).toBe("application/pdf");
    expect(safeContentType("text/plain; charset=utf-8")).toBe("text/plain; charset=utf-8");
    expect(safeContentType("text/html\r\nSet-Cookie: x=1")).toBe("application/octet-stream");
  });
});
