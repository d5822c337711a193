// GET /admin/orders/export on a store host – the filtered orders as CSV, streamed.
import { requireStoreAdmin } from "@/lib/auth/store-access";
import { ordersCsvStream } from "@/lib/orders/orders-csv";
import { orderFilterSchema } from "@/lib/orders/orders";

export const dynamic = "force-dynamic";

type Context = { params: Promise<{ store: string }> };

export async function GET(request: Request, { params }: Context) {
  const access = await requireStoreAdmin((await params).store, "/admin/orders");
  const filter = orderFilterSchema.parse(Object.fromEntries(new URL(request.url).searchParams));
  const day = new Date().toISOString().slice(0, 10);
  return new Response(ordersCsvStream(access.store.id, filter), {
    headers: {
      "Content-Type": "text/csv; charset=utf-8",
      "Content-Disposition": `attachment; filename="${access.store.subdomain}-orders-${day}.csv"`,
      "Cache-Control": "no-store",
    },
  });
}
