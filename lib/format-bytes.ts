/** A size for people: 1536 → "1.5 KB", 2 GiB → "2 GB" (binary units, as file managers show them). */
export function formatBytes(bytes: number): string {
  const units = ["B", "KB", "MB", "GB", "TB"];
  let value = bytes;
  let unit = 0;
  while (value >= 1024 && unit < units.length - 1) {
    value /= 1024;
    unit++;
  }
  const shown = unit === 0 ? String(value) : value.toFixed(value >= 10 ? 0 : 1).replace(/\.0$/, "");
  return `${shown} ${units[unit]}`;
}
