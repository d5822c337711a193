const MAX_NAME_LENGTH = 200;

/**
 * The name a buyer sees and saves a file under. Path separators, control characters and
 * bidirectional overrides (which can make "evil‮fdp.exe" display as "evilexe.pdf") are
 * removed, whitespace is collapsed, and leading dots are dropped so it is never hidden
 * or "..". Returns "" when nothing usable is left.
 */
export function sanitizeFileName(raw: string): string {
  const cleaned = raw
    .normalize("NFC")
    // Keep only the last path segment of names like "C:\\Users\\me\\book.pdf".
    .split(/[\\/]/)
    .pop()!
    // C0/C1 controls, DEL, and the Unicode bidi controls (LRE…RLO, LRI…PDI, LRM/RLM/ALM).
    .replace(/[\u0000-\u001f\u007f-\u009f\u202a-\u202e\u2066-\u2069\u200e\u200f\u061c]/g, "")
    .replace(/\s+/g, " ")
    .trim()
    .replace(/^\.+/, "")
    .trim();
  if (cleaned.length <= MAX_NAME_LENGTH) return cleaned;
  // Keep the extension when shortening.
  const dot = cleaned.lastIndexOf(".");
  const ext = dot > 0 && cleaned.length - dot <= 10 ? cleaned.slice(dot) : "";
  return cleaned.slice(0, MAX_NAME_LENGTH - ext.length).trimEnd() + ext;
}
