/** Small helpers for the sandbox's server-rendered pages. */

export function escapeHtml(value: unknown): string {
  return String(value ?? "")
    .replace(/&/g, "&amp;")
    .replace(/</g, "&lt;")
    .replace(/>/g, "&gt;")
    .replace(/"/g, "&quot;")
    .replace(/'/g, "&#39;");
}

/** Tagged template that escapes every interpolation unless it is already `Html`. */
export class Html {
  constructor(readonly text: string) {}
  toString(): string {
    return this.text;
  }
}

export function html(strings: TemplateStringsArray, ...values: unknown[]): Html {
  let out = strings[0] ?? "";
  values.forEach((value, index) => {
    out += render(value) + (strings[index + 1] ?? "");
  });
  return new Html(out);
}

function render(value: unknown): string {
  if (value instanceof Html) return value.text;
  if (Array.isArray(value)) return value.map(render).join("");
  if (value === null || value === undefined || value === false) return "";
  return escapeHtml(value);
}

/** A value embedded in an inline <script>, safe against `</script>` in the data. */
export function scriptJson(value: unknown): Html {
  return new Html(JSON.stringify(value).replace(/</g, "\\u003c"));
}

export function money(amount: number | null | undefined, currency: string | null | undefined): string {
  const code = (currency ?? "usd").toUpperCase();
  try {
    return new Intl.NumberFormat("en-US", { style: "currency", currency: code }).format((amount ?? 0) / 100);
  } catch {
    return `${((amount ?? 0) / 100).toFixed(2)} ${code}`;
  }
}

export function dateTime(unixSeconds: number | null | undefined): string {
  if (!unixSeconds) return "—";
  return new Date(unixSeconds * 1000).toISOString().replace("T", " ").slice(0, 19) + " UTC";
}

const STYLE = `
  :root { --primary:#635bff; --text:#1a1f36; --muted:#697386; --border:#e3e8ee; --bg:#f6f9fc; --ok:#0e6245; --okbg:#cbf4c9; --bad:#a41c4e; --badbg:#fde2dd; --warnbg:#fcedb9; --warn:#983705; }
  * { box-sizing:border-box; } body { margin:0; font:14px/1.5 -apple-system,"Segoe UI",Roboto,sans-serif; color:var(--text); background:var(--bg); }
  header.bar { background:#fff; border-bottom:1px solid var(--border); padding:10px 24px; display:flex; gap:16px; align-items:center; }
  header.bar .brand { font-weight:700; color:var(--primary); } header.bar .tag { background:var(--warnbg); color:var(--warn); border-radius:4px; padding:1px 6px; font-size:12px; font-weight:600; }
  main { max-width:1100px; margin:24px auto; padding:0 24px; } main.narrow { max-width:480px; }
  .card { background:#fff; border:1px solid var(--border); border-radius:8px; padding:20px; margin-bottom:20px; box-shadow:0 1px 2px rgba(0,0,0,.04); }
  h1 { font-size:22px; margin:0 0 12px; } h2 { font-size:16px; margin:0 0 12px; } h3 { font-size:14px; margin:16px 0 8px; }
  table { width:100%; border-collapse:collapse; } th,td { text-align:left; padding:6px 8px; border-bottom:1px solid var(--border); vertical-align:top; } th { color:var(--muted); font-weight:600; font-size:12px; text-transform:uppercase; }
  code { font:12px ui-monospace,Menlo,monospace; background:var(--bg); padding:1px 4px; border-radius:3px; word-break:break-all; }
  .muted { color:var(--muted); } .pill { display:inline-block; border-radius:10px; padding:0 8px; font-size:12px; font-weight:600; background:var(--border); }
  .pill.ok { background:var(--okbg); color:var(--ok); } .pill.bad { background:var(--badbg); color:var(--bad); } .pill.warn { background:var(--warnbg); color:var(--warn); }
  button, .button { font:inherit; font-weight:600; border:0; border-radius:6px; padding:8px 14px; background:var(--primary); color:#fff; cursor:pointer; text-decoration:none; display:inline-block; }
  button.secondary, .button.secondary { background:#fff; color:var(--text); border:1px solid var(--border); } button.danger { background:var(--bad); }
  button.small { padding:3px 8px; font-size:12px; }
  label { display:block; font-size:13px; color:var(--muted); margin:10px 0 4px; }
  input, select { font:inherit; width:100%; padding:9px 11px; border:1px solid var(--border); border-radius:6px; }
  .row { display:flex; gap:12px; } .row > * { flex:1; } .row > button { flex:none; }
  .error { background:var(--badbg); color:var(--bad); border-radius:6px; padding:10px 12px; margin:12px 0; }
  .notice { background:var(--warnbg); color:var(--warn); border-radius:6px; padding:10px 12px; margin:12px 0; }
  nav.tabs a { margin-right:14px; text-decoration:none; color:var(--muted); font-weight:600; } nav.tabs a.active { color:var(--primary); }
  pre { background:var(--bg); padding:8px; border-radius:6px; white-space:pre-wrap; word-break:break-all; font-size:12px; max-height:160px; overflow:auto; }
`;

export function page(title: string, body: Html, options: { narrow?: boolean; header?: boolean } = {}): string {
  return html`<!doctype html>
    <html lang="en">
      <head>
        <meta charset="utf-8" />
        <meta name="viewport" content="width=device-width, initial-scale=1" />
        <title>${title}</title>
        <style>
          ${new Html(STYLE)}
        </style>
      </head>
      <body>
        ${options.header === false ? "" : html`<header class="bar"><span class="brand">Stripe sandbox</span><span class="tag">TEST TOOL — not Stripe</span></header>`}
        <main class="${options.narrow ? "narrow" : ""}">${body}</main>
      </body>
    </html>`.text;
}
