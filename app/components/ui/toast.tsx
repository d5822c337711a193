"use client";
import * as ToastPrimitive from "@radix-ui/react-toast";
import { CircleAlert, CircleCheck, X } from "lucide-react";
import { createContext, useCallback, useContext, useMemo, useState, type ReactNode } from "react";
import { cn } from "./cn";

export type ToastOptions = { title: string; description?: string; variant?: "default" | "success" | "error" };
type ShownToast = ToastOptions & { id: number };

const ToastContext = createContext<{ toast: (options: ToastOptions) => void } | null>(null);

const TONE = {
  default: { frame: "border-gray-200", icon: null },
  success: { frame: "border-success-200", icon: <CircleCheck className="size-5 text-success-600" aria-hidden /> },
  error: { frame: "border-danger-200", icon: <CircleAlert className="size-5 text-danger-600" aria-hidden /> },
};

let nextId = 0;

/** Mounted once in the root layout; pages call useToast() to show short notices. */
export function Toaster({ children }: { children: ReactNode }) {
  const [toasts, setToasts] = useState<ShownToast[]>([]);
  const toast = useCallback(
    (options: ToastOptions) => setToasts((shown) => [...shown, { ...options, id: ++nextId }]),
    [],
  );
  const value = useMemo(() => ({ toast }), [toast]);
  return (
    <ToastContext value={value}>
      <ToastPrimitive.Provider swipeDirection="right" duration={5000}>
        {children}
        {toasts.map(({ id, title, description, variant = "default" }) => (
          <ToastPrimitive.Root
            key={id}
            // Errors interrupt the screen reader; other notices wait their turn.
            type={variant === "error" ? "foreground" : "background"}
            onOpenChange={(open) => !open && setToasts((shown) => shown.filter((t) => t.id !== id))}
            className={cn(
              "flex items-start gap-3 rounded-lg border bg-white p-4 pr-10 shadow-lg relative",
              TONE[variant].frame,
            )}
          >
            {TONE[variant].icon}
            <div className="grid gap-1">
              <ToastPrimitive.Title className="text-sm font-semibold text-gray-900">{title}</ToastPrimitive.Title>
              {description && (
                <ToastPrimitive.Description className="text-sm text-gray-600">{description}</ToastPrimitive.Description>
              )}
            </div>
            <ToastPrimitive.Close
              aria-label="Close"
              className="absolute top-3 right-3 rounded-md p-1 text-gray-500 hover:bg-gray-100 hover:text-gray-900 focus-visible:outline-2 focus-visible:outline-brand-600"
            >
              <X className="size-4" aria-hidden />
            </ToastPrimitive.Close>
          </ToastPrimitive.Root>
        ))}
        <ToastPrimitive.Viewport className="fixed right-0 bottom-0 z-50 flex w-full max-w-sm flex-col gap-2 p-4 outline-none" />
      </ToastPrimitive.Provider>
    </ToastContext>
  );
}

export function useToast(): { toast: (options: ToastOptions) => void } {
  const context = useContext(ToastContext);
  if (!context) throw new Error("useToast() needs the <Toaster> of the root layout above it.");
  return context;
}
