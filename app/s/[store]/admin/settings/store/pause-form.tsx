"use client";
import { useRouter } from "next/navigation";
import { useState, useTransition } from "react";
import { Alert } from "@/app/components/ui/alert";
import { Button } from "@/app/components/ui/button";
import { Field, Fieldset, fieldErrorId, fieldHintId } from "@/app/components/ui/field";
import { Textarea } from "@/app/components/ui/input";
import { pauseStorefrontAction, resumeStorefrontAction } from "./actions";

type Props = {
  /** When the storefront was paused, formatted by the server; null while it sells. */
  pausedSince: string | null;
  message: string;
  maxLength: number;
};

/** Pause (with a message for shoppers), change the message while paused, or resume. */
export function PauseForm({ pausedSince, message, maxLength }: Props) {
  const router = useRouter();
  const [length, setLength] = useState(message.length);
  const [fieldErrors, setFieldErrors] = useState<Record<string, string>>({});
  const [notice, setNotice] = useState<{ ok: boolean; message: string }>();
  const [pending, startTransition] = useTransition();
  const paused = pausedSince !== null;
  const error = fieldErrors.message;

  function resume() {
    startTransition(async () => {
      const result = await resumeStorefrontAction({});
      if (result.ok) {
        setFieldErrors({});
        setNotice({ ok: true, message: "The storefront is open again." });
        router.refresh();
      } else setNotice({ ok: false, message: result.formError ?? "The storefront could not be resumed." });
    });
  }

  return (
    <form
      className="grid max-w-2xl gap-6"
      noValidate
      onSubmit={(event) => {
        event.preventDefault();
        const data = Object.fromEntries(new FormData(event.currentTarget));
        startTransition(async () => {
          const result = await pauseStorefrontAction(data);
          if (result.ok) {
            setFieldErrors({});
            setNotice({ ok: true, message: paused ? "Message saved." : "The storefront is paused." });
            router.refresh();
          } else {
            setFieldErrors(result.fieldErrors);
            setNotice({ ok: false, message: result.formError ?? "The message needs fixing first." });
          }
        });
      }}
    >
      {notice && (
        <Alert tone={notice.ok ? "success" : "danger"} role="status">
          {notice.message}
        </Alert>
      )}
      <Fieldset legend="Storefront" description={paused ? `Paused since ${pausedSince}.` : "Open: shoppers can buy."}>
        <Field
          label="Message for shoppers"
          htmlFor="message"
          error={error}
          hint={`Optional, plain text. ${length} of ${maxLength} characters.`}
        >
          <Textarea
            id="message"
            name="message"
            rows={4}
            defaultValue={message}
            placeholder="Back on Monday with new releases!"
            onChange={(e) => setLength(e.target.value.trim().length)}
            invalid={!!error || length > maxLength}
            aria-describedby={[error ? fieldErrorId("message") : null, fieldHintId("message")]
              .filter(Boolean)
              .join(" ")}
          />
        </Field>
      </Fieldset>
      <div className="flex flex-wrap gap-3">
        {paused ? (
          <>
            <Button type="button" onClick={resume} disabled={pending}>
              Resume storefront
            </Button>
            <Button type="submit" variant="secondary" disabled={pending}>
              Save message
            </Button>
          </>
        ) : (
          <Button type="submit" variant="danger" disabled={pending}>
            Pause storefront
          </Button>
        )}
      </div>
    </form>
  );
}
