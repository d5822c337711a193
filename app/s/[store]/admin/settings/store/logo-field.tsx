"use client";
import { ImageIcon } from "lucide-react";
import { useRouter } from "next/navigation";
import { useRef, useState, useTransition } from "react";
import { Alert } from "@/app/components/ui/alert";
import { Button } from "@/app/components/ui/button";
import { Card } from "@/app/components/ui/card";
import { Field, fieldErrorId, fieldHintId } from "@/app/components/ui/field";
import { removeLogoAction, uploadLogoAction } from "./actions";

type Props = {
  logoPath: string | null;
  maxBytes: number;
  /** The accepted MIME types, comma-separated, for the picker and the early check. */
  accept: string;
};

/** The store's logo: uploaded as soon as it is chosen, replaced by the next one, or removed. */
export function LogoField({ logoPath: initialPath, maxBytes, accept }: Props) {
  const router = useRouter();
  const [logoPath, setLogoPath] = useState(initialPath);
  const [error, setError] = useState<string>();
  const [saved, setSaved] = useState<string>();
  const [pending, startTransition] = useTransition();
  const picker = useRef<HTMLInputElement>(null);

  function run(work: () => Promise<{ ok: true; path: string | null; message: string } | { ok: false; error: string }>) {
    setError(undefined);
    setSaved(undefined);
    startTransition(async () => {
      const outcome = await work();
      if (outcome.ok) {
        setLogoPath(outcome.path);
        setSaved(outcome.message);
        router.refresh();
      } else setError(outcome.error);
    });
  }

  function upload(file: File | undefined) {
    if (picker.current) picker.current.value = "";
    if (!file) return;
    // The checks the browser can make before sending; the server sniffs and decodes the bytes to be sure.
    if (file.size === 0) return setError("This file is empty. Choose a PNG, JPEG or WebP image.");
    if (file.size > maxBytes) return setError("The logo is larger than 1 MB. Use a smaller image.");
    if (file.type && !accept.split(",").includes(file.type))
      return setError("This file is not a PNG, JPEG or WebP image.");
    const form = new FormData();
    form.set("logo", file);
    run(async () => {
      const result = await uploadLogoAction(form);
      return result.ok
        ? { ok: true, path: result.data.logoPath, message: "Logo saved." }
        : { ok: false, error: result.fieldErrors.logo ?? result.formError ?? "The logo could not be saved." };
    });
  }

  function remove() {
    run(async () => {
      const result = await removeLogoAction({});
      return result.ok
        ? { ok: true, path: null, message: "Logo removed." }
        : { ok: false, error: result.formError ?? "The logo could not be removed." };
    });
  }

  return (
    <Card className="grid max-w-2xl gap-4">
      {saved && (
        <Alert tone="success" role="status">
          {saved}
        </Alert>
      )}
      <div className="flex flex-wrap items-start gap-4">
        <div className="flex size-24 shrink-0 items-center justify-center overflow-hidden rounded-md border border-gray-200 bg-gray-50">
          {logoPath ? (
            // eslint-disable-next-line @next/next/no-img-element -- served normalized by our own route
            <img src={logoPath} alt="Current logo" className="size-full object-contain" />
          ) : (
            <ImageIcon className="size-8 text-gray-400" aria-hidden />
          )}
        </div>
        <Field
          label={logoPath ? "Replace the logo" : "Upload a logo"}
          htmlFor="logo"
          error={error}
          hint="PNG, JPEG or WebP, up to 1 MB. Saved as soon as you choose it."
          className="min-w-0 flex-1"
        >
          <input
            ref={picker}
            id="logo"
            name="logo"
            type="file"
            accept={accept}
            disabled={pending}
            aria-invalid={error ? true : undefined}
            aria-describedby={[error ? fieldErrorId("logo") : null, fieldHintId("logo")].filter(Boolean).join(" ")}
            onChange={(e) => upload(e.target.files?.[0])}
            className="block w-full text-sm file:mr-3 file:rounded-md file:border-0 file:bg-brand-50 file:px-3 file:py-2 file:font-medium file:text-brand-700 hover:file:bg-brand-100"
          />
        </Field>
      </div>
      {logoPath && (
        <Button type="button" variant="ghost" size="sm" className="w-fit" onClick={remove} disabled={pending}>
          Remove logo
        </Button>
      )}
    </Card>
  );
}
