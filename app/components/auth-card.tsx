import type { ReactNode } from "react";
import { Card } from "@/app/components/ui/card";
import { PageMain } from "@/app/components/ui/page-main";

/** The narrow, centred frame of the sign-in and sign-up pages. */
export function AuthCard({
  title,
  description,
  children,
  footer,
}: {
  title: string;
  description?: ReactNode;
  children: ReactNode;
  footer?: ReactNode;
}) {
  return (
    <PageMain width="narrow" className="sm:pt-16">
      <h1 className="text-2xl font-semibold tracking-tight text-gray-900">{title}</h1>
      {description && <p className="mt-1.5 text-sm text-gray-600">{description}</p>}
      <Card className="mt-6">{children}</Card>
      {footer && <p className="mt-6 text-center text-sm text-gray-600">{footer}</p>}
    </PageMain>
  );
}
