"use client";
import { ImageIcon } from "lucide-react";
import { useRouter } from "next/navigation";
import { useRef, useState, useTransition } from "react";
import { Button } from "@/app/components/ui/button";
import { Field } from "@/app/components/ui/field";
import { COVER_MIME_TYPES, MAX_COVER_BYTES } from "@/lib/catalog/cover-rules";
import { removeCoverAction } from "./actions";
import { productCoverUrl, uploadFile } from "./upload";
import { UploadProgress, type UploadState } from "./upload-progress";

type Props = {
  productId: string | null;
  coverUrl: string | null;
  /** For a new product: the image waiting for Save. */
  queued?: File | null;
  onQueue?: (file: File | null) => void;
  externalUpload?: UploadState | null;
  error?: string;
};

/** The cover shown on the storefront grid and product page: PNG, JPEG or WebP up to 10 MB. */
export function CoverField({ productId, coverUrl: initialUrl, queued, onQueue, externalUpload, error }: Props) {
  const router = useRouter();
  const [coverUrl, setCoverUrl] = useState(initialUrl);
  const [upload, setUpload] = useState<UploadState | null>(null);
  const [message, setMessage] = useState<string | undefined>();
  const [pending, startTransition] = useTransition();
  const picker = useRef<HTMLInputElement>(null);

  async function onChoose(file: File | undefined) {
    if (picker.current) picker.current.value = "";
    if (!file) return;
    const problem = checkCover(file);
    setMessage(problem);
    if (problem) return;
    if (!productId) {
      onQueue?.(file);
      return;
    }
    const key = "cover";
    setUpload({ key, name: file.name, fraction: 0, status: "uploading" });
    const result = await uploadFile<{ url: string }>("PUT", productCoverUrl(productId), file, (fraction) =>
      setUpload((u) => (u ? { ...u, fraction } : u)),
    );
    if (result.ok) {
      setUpload({ key, name: file.name, fraction: 1, status: "done" });
      setCoverUrl(result.data.url);
      router.refresh();
    } else {
      setUpload({
        key,
        name: file.name,
        fraction: 1,
        status: "failed",
        error: result.fieldErrors.cover ?? result.error,
      });
    }
  }

  function remove() {
    if (!productId) return;
    startTransition(async () => {
      const result = await removeCoverAction({ productId });
      if (result.ok) {
        setCoverUrl(null);
        router.refresh();
      } else setMessage(result.formError);
    });
  }

  const shownError = message ?? error;
  const shownUpload = upload ?? externalUpload;
  return (
    <div className="grid gap-3">
      <div className="flex items-start gap-4">
        <div className="flex aspect-[4/3] w-40 shrink-0 items-center justify-center overflow-hidden rounded-md border border-gray-200 bg-gray-50">
          {coverUrl ? (
            // eslint-disable-next-line @next/next/no-img-element -- served resized by our own route
            <img src={coverUrl} alt="Cover image" className="size-full object-cover" />
          ) : (
            <ImageIcon className="size-8 text-gray-400" aria-hidden />
          )}
        </div>
        <Field
          label="Cover image"
          htmlFor="cover"
          error={shownError}
          hint={
            queued
              ? `${queued.name} uploads when you save.`
              : "PNG, JPEG or WebP, up to 10 MB. Shown on the storefront."
          }
          className="min-w-0 flex-1"
        >
          <input
            ref={picker}
            id="cover"
            name="cover"
            type="file"
            accept={COVER_MIME_TYPES.join(",")}
            aria-invalid={shownError ? true : undefined}
            aria-describedby={shownError ? "cover-error" : undefined}
            onChange={(e) => void onChoose(e.target.files?.[0])}
            className="block w-full text-sm file:mr-3 file:rounded-md file:border-0 file:bg-brand-50 file:px-3 file:py-2 file:font-medium file:text-brand-700 hover:file:bg-brand-100"
          />
        </Field>
      </div>
      {coverUrl && productId && (
        <Button variant="ghost" size="sm" className="w-fit" onClick={remove} disabled={pending}>
          Remove cover image
        </Button>
      )}
      {shownUpload && (
        <ul aria-label="Cover upload">
          <UploadProgress upload={shownUpload} />
        </ul>
      )}
    </div>
  );
}

/** The checks the browser can make before sending; the server decodes the image to be sure. */
function checkCover(file: File): string | undefined {
  if (file.size === 0) return "This image is empty.";
  if (file.size > MAX_COVER_BYTES) return "The cover image is larger than 10 MB. Use a smaller image.";
  if (file.type && !COVER_MIME_TYPES.includes(file.type)) return "This file is not a PNG, JPEG or WebP image.";
  return undefined;
}
