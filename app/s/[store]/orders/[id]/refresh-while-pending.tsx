"use client";
import { useRouter } from "next/navigation";
import { useEffect } from "react";

/** Re-reads the order every two seconds until the webhook has settled it. */
export function RefreshWhilePending() {
  const router = useRouter();
  useEffect(() => {
    const timer = setInterval(() => router.refresh(), 2000);
    return () => clearInterval(timer);
  }, [router]);
  return null;
}
