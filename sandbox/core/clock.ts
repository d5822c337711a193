/** Unix seconds, the unit of every Stripe timestamp. */
export function nowSeconds(): number {
  return Math.floor(Date.now() / 1000);
}

export type Interval = "day" | "week" | "month" | "year";

/** Adds calendar intervals the way Stripe advances billing periods (month ends clamp). */
export function addInterval(unixSeconds: number, interval: Interval, count: number): number {
  const date = new Date(unixSeconds * 1000);
  switch (interval) {
    case "day":
      date.setUTCDate(date.getUTCDate() + count);
      break;
    case "week":
      date.setUTCDate(date.getUTCDate() + 7 * count);
      break;
    case "month": {
      const day = date.getUTCDate();
      date.setUTCDate(1);
      date.setUTCMonth(date.getUTCMonth() + count);
      const lastDay = new Date(Date.UTC(date.getUTCFullYear(), date.getUTCMonth() + 1, 0)).getUTCDate();
      date.setUTCDate(Math.min(day, lastDay));
      break;
    }
    case "year":
      return addInterval(unixSeconds, "month", 12 * count);
  }
  return Math.floor(date.getTime() / 1000);
}
