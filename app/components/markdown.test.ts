import { createElement } from "react";
import { renderToStaticMarkup } from "react-dom/server";
import { describe, expect, it } from "vitest";
import { Markdown } from "./markdown";

const render = (source: string) => renderToStaticMarkup(createElement(Markdown, { source }));

describe("product descriptions (Markdown)", () => {
  it("renders Markdown: emphasis, lists, links, tables", () => {
    const html = render(
      "**Bold** and _soft_\n\n- one\n- two\n\n[Docs](https://example.com/docs)\n\n| a | b |\n|---|---|\n| 1 | 2 |",
    );
    expect(html).toContain("<strong>Bold</strong>");
    expect(html).toContain("<em>soft</em>");
    expect(html).toMatch(/<li>one<\/li>/);
    expect(html).toContain('href="https://example.com/docs"');
    expect(html).toContain("<table>");
  });

  it("never renders raw HTML or script", () => {
    const hostile = [
      "<script>alert(1)</script>",
      '<img src=x onerror="alert(1)">',
      '<a href="javascript:alert(1)">x</a>',
      "<iframe src=https://evil.example></iframe>",
      '<div style="position:fixed">overlay</div>',
      "<svg onload=alert(1)>",
    ].join("\n\n");
    const html = render(hostile);
    expect(html).not.toMatch(/<script|<img|<iframe|<svg|<div style|onerror|onload/i);
  });

  it("strips dangerous link and image protocols written in Markdown", () => {
    const html = render(
      "[click](javascript:alert(1)) [data](data:text/html;base64,PHNjcmlwdD4=) ![x](javascript:alert(2)) [v](vbscript:msgbox)",
    );
    expect(html).not.toMatch(/javascript:|vbscript:|data:text/i);
    expect(html).toContain("click");
  });
});
