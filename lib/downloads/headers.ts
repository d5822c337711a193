import "server-only";

/**
 * `attachment` with a plain-ASCII `filename` for old clients and the exact name in
 * `filename*` (RFC 6266 / RFC 8187). Control characters and path separators never pass.
 */
export function contentDisposition(fileName: string): string {
  const clean = fileName.replace(/[\u0000-\u001f\u007f/\\]/g, "_").trim() || "download";
  const ascii = clean
    .normalize("NFKD")
    .replace(/[\u0300-\u036f]/g, "")
    .replace(/[^\x20-\x7e]/g, "_")
    // Some browsers decode %XX inside filename; quotes and backslashes would end the string.
    .replace(/["\\%]/g, "_");
  const encoded = encodeURIComponent(clean).replace(/['()*]/g, (c) => `%${c.charCodeAt(0).toString(16).toUpperCase()}`);
  return `attachment; filename="${ascii}"; filename*=UTF-8''${encoded}`;
}

/** The stored content type when it is a well-formed media type, else a generic one. */
export function safeContentType(contentType: string): string {
  const token = "[A-Za-z0-9!#$&^_.+-]+";
  const param = `;\\s*${token}=(?:${token}|"[^"\\r\\n\\\\]*")`;
  return new RegExp(`^${token}/${token}(?:\\s*${param})*$`).test(contentType)
    ? contentType
    : "application/octet-stream";
}
