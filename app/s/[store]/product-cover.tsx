import { Package } from "lucide-react";
import { cn } from "@/app/components/ui/cn";
import { coverImagePath, type CoverVariant } from "@/lib/catalog/cover-images";
import type { Product } from "@/db/schema";

/** A product's cover image, or a neutral placeholder while it has none; always 4:3. */
export function ProductCover({
  product,
  variant,
  className,
}: {
  product: Pick<Product, "id" | "name" | "coverImage">;
  variant: CoverVariant;
  className?: string;
}) {
  const src = coverImagePath(product, variant);
  return (
    <div className={cn("relative aspect-[4/3] overflow-hidden bg-gray-100", className)}>
      {src ? (
        // Covers are already resized per variant by the server; next/image would only add a second pipeline.
        // eslint-disable-next-line @next/next/no-img-element
        <img
          src={src}
          alt={`Cover of ${product.name}`}
          className={cn("size-full", variant === "card" ? "object-cover" : "object-contain")}
          loading={variant === "card" ? "lazy" : "eager"}
        />
      ) : (
        <div className="grid size-full place-items-center bg-linear-to-br from-brand-50 to-gray-100">
          <Package className="size-10 text-brand-300" aria-hidden strokeWidth={1.5} />
        </div>
      )}
    </div>
  );
}
