import { CirclePause } from "lucide-react";
import { Card } from "@/app/components/ui/card";
import { PageMain } from "@/app/components/ui/page-main";
import type { Store } from "@/db/schema";
import type { StorefrontPause } from "@/lib/tenancy/request-store";
import { StoreHeader } from "./store-header";

/**
 * What every selling page of a paused store shows instead of itself: the owner's message
 * (plain text, line breaks kept) and the reassurance that past purchases still work. A store
 * suspended by the platform only says it is temporarily unavailable.
 */
export function StorefrontPaused({ store, pause }: { store: Store; pause: StorefrontPause }) {
  return (
    <>
      <StoreHeader store={store} />
      <PageMain width="medium">
        <Card className="grid justify-items-center gap-4 py-10 text-center" data-testid="storefront-paused">
          <CirclePause className="size-10 text-gray-400" aria-hidden />
          <h1 className="text-2xl font-semibold tracking-tight text-gray-900">
            {pause.kind === "suspended" ? "This store is temporarily unavailable" : "This store is paused"}
          </h1>
          {pause.message && (
            <p className="max-w-prose text-base break-words whitespace-pre-line text-gray-700">{pause.message}</p>
          )}
          <p className="max-w-prose text-sm text-gray-500">
            {store.name} is not taking orders right now. Bought something here before? The links in your receipt still
            open your order and downloads.
          </p>
        </Card>
      </PageMain>
    </>
  );
}
