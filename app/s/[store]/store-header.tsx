import Link from "next/link";
import type { Store } from "@/db/schema";

export function StoreHeader({ store }: { store: Pick<Store, "name"> }) {
  return (
    <header className="bar">
      <Link className="brand" href="/">{store.name}</Link>
      <nav><Link href="/cart">Cart</Link></nav>
    </header>
  );
}
