"use client";
import { useRouter } from "next/navigation";
import { useState, useTransition } from "react";
import { Alert } from "@/app/components/ui/alert";
import { Button } from "@/app/components/ui/button";
import { Field, Fieldset, fieldErrorId, fieldHintId } from "@/app/components/ui/field";
import { Input, NativeSelect } from "@/app/components/ui/input";
import { saveStoreDetailsAction } from "./actions";

type Props = {
  initial: { name: string; supportEmail: string | null; currency: string };
  currencies: { code: string; label: string }[];
  /** Why the currency can't change any more; the select is disabled with this beside it. */
  currencyLockedReason: string | null;
  maxNameLength: number;
};

/** Name, support email and currency. A refused save keeps every value as typed, with the reason beside its field. */
export function StoreDetailsForm({ initial, currencies, currencyLockedReason, maxNameLength }: Props) {
  const router = useRouter();
  const [fieldErrors, setFieldErrors] = useState<Record<string, string>>({});
  const [notice, setNotice] = useState<{ ok: boolean; message: string }>();
  const [pending, startTransition] = useTransition();
  const error = (name: string) => fieldErrors[name];
  const describedBy = (name: string, hint = false) =>
    [error(name) ? fieldErrorId(name) : null, hint ? fieldHintId(name) : null].filter(Boolean).join(" ") || undefined;
  const currencyHint =
    currencyLockedReason ??
    "Only while the store has no orders. Product prices keep their numbers: 9.99 USD becomes 9.99 EUR.";

  return (
    <form
      className="grid max-w-2xl gap-6"
      noValidate
      onSubmit={(event) => {
        event.preventDefault();
        const data = Object.fromEntries(new FormData(event.currentTarget));
        startTransition(async () => {
          const result = await saveStoreDetailsAction(data);
          if (result.ok) {
            setFieldErrors({});
            setNotice({ ok: true, message: "Store details saved." });
            router.refresh();
          } else {
            setFieldErrors(result.fieldErrors);
            setNotice({ ok: false, message: result.formError ?? "Some values need fixing before they can be saved." });
          }
        });
      }}
    >
      {notice && (
        <Alert tone={notice.ok ? "success" : "danger"} role="status">
          {notice.message}
        </Alert>
      )}
      <Fieldset legend="Store details">
        <Field label="Store name" htmlFor="name" error={error("name")}>
          <Input
            id="name"
            name="name"
            required
            maxLength={maxNameLength}
            defaultValue={initial.name}
            invalid={!!error("name")}
            aria-describedby={describedBy("name")}
          />
        </Field>
        <Field
          label="Support email"
          htmlFor="supportEmail"
          error={error("supportEmail")}
          hint="Optional. Buyers see it on their order page and receipt, and replies to receipts go there."
        >
          <Input
            id="supportEmail"
            name="supportEmail"
            type="email"
            autoComplete="email"
            defaultValue={initial.supportEmail ?? ""}
            placeholder="help@yourshop.com"
            invalid={!!error("supportEmail")}
            aria-describedby={describedBy("supportEmail", true)}
          />
        </Field>
        <Field label="Currency" htmlFor="currency" error={error("currency")} hint={currencyHint}>
          <NativeSelect
            id="currency"
            name="currency"
            className="w-full"
            defaultValue={initial.currency}
            disabled={currencyLockedReason !== null}
            invalid={!!error("currency")}
            aria-describedby={describedBy("currency", true)}
          >
            {currencies.map((currency) => (
              <option key={currency.code} value={currency.code}>
                {currency.label}
              </option>
            ))}
          </NativeSelect>
        </Field>
      </Fieldset>
      <div>
        <Button type="submit" disabled={pending}>
          {pending ? "Saving…" : "Save store details"}
        </Button>
      </div>
    </form>
  );
}
