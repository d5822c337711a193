import { Card } from "@/app/components/ui/card";
import { SectionHeader } from "@/app/components/ui/page-header";
import { formatMoney } from "@/lib/money";
import { SALES_DAYS, salesOverview } from "@/lib/orders/sales";

const shortDay = new Intl.DateTimeFormat("en-US", { month: "short", day: "numeric", timeZone: "UTC" });
const longDay = new Intl.DateTimeFormat("en-US", { weekday: "short", month: "long", day: "numeric", timeZone: "UTC" });
const asDate = (day: string) => new Date(`${day}T00:00:00Z`);

const plural = (count: number, noun: string) => `${count} ${noun}${count === 1 ? "" : "s"}`;

/**
 * The admin overview's sales over the last 30 days: the totals, a bar chart of live
 * revenue per day (one per currency the store sold in), and the same figures as a table
 * for screen readers. Test orders appear only in their own count.
 */
export async function SalesChart({ storeId, currency }: { storeId: string; currency: string }) {
  const sales = await salesOverview(storeId, { currency });
  const revenueTotal = sales.revenue.map((r) => formatMoney(r.total, r.currency)).join(" + ");
  return (
    <section aria-label={`Sales in the last ${SALES_DAYS} days`}>
      <SectionHeader
        title="Sales"
        description={
          <p className="tabular-nums" data-testid="sales-totals">
            <span className="font-semibold text-gray-900">{revenueTotal}</span> live revenue ·{" "}
            {plural(sales.liveOrders.total, "live order")} · {plural(sales.testOrders.total, "test order")} in the last{" "}
            {SALES_DAYS} days
          </p>
        }
      />
      <Card className="grid gap-6">
        {sales.revenue.map((series) => (
          <RevenueBars
            key={series.currency}
            days={sales.days}
            daily={series.daily}
            total={series.total}
            currency={series.currency}
            showCurrency={sales.revenue.length > 1}
          />
        ))}
        <p className="text-xs text-gray-500">Days in UTC; refunds come off the day the order was paid.</p>
      </Card>
      <div className="sr-only">
        <table>
          <caption>Sales per day in the last {SALES_DAYS} days (UTC)</caption>
          <thead>
            <tr>
              <th scope="col">Day</th>
              {sales.revenue.map((r) => (
                <th scope="col" key={r.currency}>
                  Live revenue ({r.currency.toUpperCase()})
                </th>
              ))}
              <th scope="col">Live orders</th>
              <th scope="col">Test orders</th>
            </tr>
          </thead>
          <tbody>
            {sales.days.map((day, i) => (
              <tr key={day}>
                <th scope="row">{longDay.format(asDate(day))}</th>
                {sales.revenue.map((r) => (
                  <td key={r.currency}>{formatMoney(r.daily[i] ?? 0, r.currency)}</td>
                ))}
                <td>{sales.liveOrders.daily[i]}</td>
                <td>{sales.testOrders.daily[i]}</td>
              </tr>
            ))}
          </tbody>
        </table>
      </div>
    </section>
  );
}

// The drawing's own units; the SVG scales to its container's width.
const SLOT = 20;
const BAR = 14;
const PAD_X = 24;
const PLOT_TOP = 18;
const PLOT_BOTTOM = 140;
const WIDTH = PAD_X * 2 + SALES_DAYS * SLOT;
const HEIGHT = 160;

function RevenueBars({
  days,
  daily,
  total,
  currency,
  showCurrency,
}: {
  days: string[];
  daily: number[];
  total: number;
  currency: string;
  showCurrency: boolean;
}) {
  const peak = Math.max(0, ...daily);
  const peakDay = days[daily.indexOf(peak)];
  const titleId = `sales-chart-${currency}-title`;
  const title =
    `Live revenue per day in ${currency.toUpperCase()}, last ${SALES_DAYS} days: ${formatMoney(total, currency)} in total` +
    (peak > 0 && peakDay ? `, highest ${formatMoney(peak, currency)} on ${shortDay.format(asDate(peakDay))}.` : ".");
  const height = (amount: number) =>
    peak === 0 || amount <= 0 ? 0 : Math.max(2, Math.round((amount / peak) * (PLOT_BOTTOM - PLOT_TOP)));
  // A label every week, counted back from today so today is always labelled.
  const labelled = (i: number) => (days.length - 1 - i) % 7 === 0;
  return (
    <figure className="grid gap-2">
      {showCurrency && <figcaption className="text-sm font-medium text-gray-700">{currency.toUpperCase()}</figcaption>}
      <svg
        viewBox={`0 0 ${WIDTH} ${HEIGHT}`}
        role="img"
        aria-labelledby={titleId}
        className="h-auto w-full"
        data-testid={`sales-chart-${currency}`}
      >
        <title id={titleId}>{title}</title>
        {peak > 0 && (
          <g className="fill-gray-500 stroke-gray-200">
            <line x1={PAD_X} x2={WIDTH - PAD_X} y1={PLOT_TOP} y2={PLOT_TOP} strokeDasharray="3 3" />
            <text x={PAD_X} y={PLOT_TOP - 5} fontSize={10} stroke="none">
              {formatMoney(peak, currency)}
            </text>
          </g>
        )}
        {daily.map((amount, i) => {
          const h = height(amount);
          const day = days[i]!;
          return h === 0 ? null : (
            <rect
              key={day}
              x={PAD_X + i * SLOT + (SLOT - BAR) / 2}
              y={PLOT_BOTTOM - h}
              width={BAR}
              height={h}
              rx={2}
              className="fill-brand-600"
            >
              <title>{`${shortDay.format(asDate(day))}: ${formatMoney(amount, currency)}`}</title>
            </rect>
          );
        })}
        <line x1={PAD_X} x2={WIDTH - PAD_X} y1={PLOT_BOTTOM} y2={PLOT_BOTTOM} className="stroke-gray-300" />
        {days.map((day, i) =>
          labelled(i) ? (
            <text
              key={day}
              x={PAD_X + i * SLOT + SLOT / 2}
              y={HEIGHT - 4}
              fontSize={10}
              textAnchor="middle"
              className="fill-gray-500"
            >
              {shortDay.format(asDate(day))}
            </text>
          ) : null,
        )}
      </svg>
    </figure>
  );
}
