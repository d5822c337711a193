"use client";
import { useRouter } from "next/navigation";
import { useState, useSyncExternalStore, useTransition, type FormEvent } from "react";
import { Alert } from "@/app/components/ui/alert";
import { Button } from "@/app/components/ui/button";
import { Card } from "@/app/components/ui/card";
import { Dialog, DialogClose, DialogContent, DialogTrigger } from "@/app/components/ui/dialog";
import { Field } from "@/app/components/ui/field";
import { Input, NativeSelect, Textarea } from "@/app/components/ui/input";
import { useToast } from "@/app/components/ui/toast";
import type { ProductForm } from "@/lib/catalog/product-input";
import { minorUnitDigits } from "@/lib/money";
import { deleteProductAction, saveProductAction } from "./actions";
import { CoverField } from "./cover-field";
import { FileManager, type EditorFile } from "./file-manager";
import { productCoverUrl, productFilesUrl, uploadFile } from "./upload";
import type { UploadState } from "./upload-progress";

type Form = Required<ProductForm>;

type Props = {
  /** Null for a new product. */
  productId: string | null;
  initial: Form;
  currency: string;
  files: EditorFile[];
  coverUrl: string | null;
  storeOrigin: string;
  maxBytes: number;
  maxFiles: number;
};

/**
 * The product editor, for new and existing products. A new product's files and cover are
 * chosen before the first Save and upload right after it; the product stays a draft until
 * they are all in, so a half-uploaded product is never on sale.
 */
export function ProductEditor(props: Props) {
  const { productId, currency } = props;
  const router = useRouter();
  const { toast } = useToast();
  const [form, setForm] = useState<Form>(props.initial);
  const [errors, setErrors] = useState<Record<string, string>>({});
  const [formError, setFormError] = useState<string | undefined>();
  const [saving, setSaving] = useState(false);
  // Save works only once React runs the form: before hydration a click would submit it natively.
  const hydrated = useSyncExternalStore(
    noSubscription,
    () => true,
    () => false,
  );
  const [deleting, startDelete] = useTransition();
  const [queuedFiles, setQueuedFiles] = useState<File[]>([]);
  const [queuedCover, setQueuedCover] = useState<File | null>(null);
  const [fileUploads, setFileUploads] = useState<UploadState[]>([]);
  const [coverUpload, setCoverUpload] = useState<UploadState | null>(null);

  const set = <K extends keyof Form>(key: K, value: Form[K]) => setForm((f) => ({ ...f, [key]: value }));
  const code = currency.toUpperCase();

  async function save(event: FormEvent) {
    event.preventDefault();
    setSaving(true);
    setFormError(undefined);
    try {
      // A new product with files to upload is saved as a draft first and published once they are in.
      const wantsPublish = form.status === "published";
      const firstStatus = !productId && wantsPublish && queuedFiles.length > 0 ? "draft" : form.status;
      const result = await saveProductAction({ productId, form: { ...form, status: firstStatus } });
      if (!result.ok) {
        setErrors(result.fieldErrors);
        setFormError(result.formError ?? "Check the highlighted fields.");
        return;
      }
      setErrors({});
      const id = result.data.id;
      if (!productId) {
        const uploaded = await uploadQueued(id);
        if (!uploaded) {
          setFormError("The product was saved as a draft, but some uploads failed. Open it to add them again.");
          router.push(`/admin/products/${id}`);
          return;
        }
        if (firstStatus !== form.status) {
          const published = await saveProductAction({ productId: id, form: { ...form, slug: result.data.slug } });
          if (!published.ok) {
            router.push(`/admin/products/${id}`);
            return;
          }
        }
        toast({ title: "Product created", variant: "success" });
        router.push(`/admin/products/${id}`);
        return;
      }
      set("slug", result.data.slug);
      toast({ title: "Product saved", variant: "success" });
      router.refresh();
    } finally {
      setSaving(false);
    }
  }

  /** Uploads the new product's chosen files and cover one by one, each with its bar. */
  async function uploadQueued(id: string): Promise<boolean> {
    let allOk = true;
    const states = queuedFiles.map((file, i) => ({
      key: `queued-${i}`,
      name: file.name,
      fraction: 0,
      status: "waiting" as UploadState["status"],
    }));
    setFileUploads(states);
    setQueuedFiles([]);
    for (const [i, file] of queuedFiles.entries()) {
      const key = `queued-${i}`;
      const patch = (p: Partial<UploadState>) =>
        setFileUploads((all) => all.map((u) => (u.key === key ? { ...u, ...p } : u)));
      patch({ status: "uploading" });
      const result = await uploadFile("POST", productFilesUrl(id), file, (fraction) => patch({ fraction }));
      if (result.ok) patch({ status: "done", fraction: 1 });
      else {
        allOk = false;
        patch({ status: "failed", error: result.fieldErrors.files ?? result.error });
      }
    }
    if (queuedCover) {
      const file = queuedCover;
      setQueuedCover(null);
      setCoverUpload({ key: "cover", name: file.name, fraction: 0, status: "uploading" });
      const result = await uploadFile("PUT", productCoverUrl(id), file, (fraction) =>
        setCoverUpload((u) => (u ? { ...u, fraction } : u)),
      );
      if (result.ok) setCoverUpload({ key: "cover", name: file.name, fraction: 1, status: "done" });
      else {
        allOk = false;
        setCoverUpload({
          key: "cover",
          name: file.name,
          fraction: 1,
          status: "failed",
          error: result.fieldErrors.cover ?? result.error,
        });
      }
    }
    return allOk;
  }

  function remove() {
    if (!productId) return;
    startDelete(async () => {
      const result = await deleteProductAction({ productId });
      if (result.ok) {
        toast({ title: "Product deleted", variant: "success" });
        router.push("/admin/products");
      } else setFormError(result.formError);
    });
  }

  const slugPreview = form.slug.trim() || "generated-from-the-name";
  return (
    <form onSubmit={save} className="grid gap-6" noValidate>
      {formError && <Alert tone="danger">{formError}</Alert>}

      <Card className="grid gap-5">
        <Field label="Name" htmlFor="name" error={errors.name}>
          <Input
            id="name"
            value={form.name}
            invalid={!!errors.name}
            aria-describedby={errors.name ? "name-error" : undefined}
            onChange={(e) => set("name", e.target.value)}
            maxLength={200}
          />
        </Field>
        <Field
          label="Address"
          htmlFor="slug"
          error={errors.slug}
          hint={`${props.storeOrigin}/products/${slugPreview}${productId ? "" : " (leave empty to generate it from the name)"}`}
        >
          <Input
            id="slug"
            value={form.slug}
            invalid={!!errors.slug}
            aria-describedby={errors.slug ? "slug-error" : undefined}
            onChange={(e) => set("slug", e.target.value)}
            placeholder="my-product"
          />
        </Field>
        <Field
          label="Description"
          htmlFor="description"
          error={errors.description}
          hint="Markdown: **bold**, _italic_, lists, [links](https://example.com). HTML is not allowed."
        >
          <Textarea
            id="description"
            rows={8}
            value={form.description}
            invalid={!!errors.description}
            onChange={(e) => set("description", e.target.value)}
          />
        </Field>
      </Card>

      <Card className="grid gap-5">
        <div className="grid gap-5 sm:grid-cols-2">
          <Field
            label="Price"
            htmlFor="price"
            error={errors.price}
            hint={
              form.payWhatYouWant ? `Suggested amount in ${code}.` : `In ${code}, e.g. ${currencyExample(currency)}.`
            }
          >
            <Input
              id="price"
              inputMode="decimal"
              value={form.price}
              invalid={!!errors.price}
              aria-describedby={errors.price ? "price-error" : undefined}
              onChange={(e) => set("price", e.target.value)}
            />
          </Field>
          <Field
            label="Status"
            htmlFor="status"
            error={errors.status}
            hint="Draft: hidden. Published: for sale. Archived: off the storefront; buyers keep their downloads."
          >
            <NativeSelect
              id="status"
              value={form.status}
              invalid={!!errors.status}
              aria-describedby={errors.status ? "status-error" : undefined}
              onChange={(e) => set("status", e.target.value as Form["status"])}
            >
              <option value="draft">Draft</option>
              <option value="published">Published</option>
              <option value="archived">Archived</option>
            </NativeSelect>
          </Field>
        </div>
        <label className="flex items-center gap-2 text-sm font-medium">
          <input
            type="checkbox"
            checked={form.payWhatYouWant}
            onChange={(e) => set("payWhatYouWant", e.target.checked)}
            className="size-4"
          />
          Pay what you want
        </label>
        {form.payWhatYouWant && (
          <Field
            label="Minimum price"
            htmlFor="minimumPrice"
            error={errors.minimumPrice}
            hint={`Shoppers type their own amount, at least this, in ${code}.`}
          >
            <Input
              id="minimumPrice"
              inputMode="decimal"
              value={form.minimumPrice}
              invalid={!!errors.minimumPrice}
              onChange={(e) => set("minimumPrice", e.target.value)}
              className="sm:max-w-xs"
            />
          </Field>
        )}
        <div className="grid gap-5 sm:grid-cols-2">
          <Field
            label="Download limit"
            htmlFor="downloadLimit"
            error={errors.downloadLimit}
            hint="Downloads per file for each buyer. Empty: unlimited."
          >
            <Input
              id="downloadLimit"
              inputMode="numeric"
              value={form.downloadLimit}
              invalid={!!errors.downloadLimit}
              onChange={(e) => set("downloadLimit", e.target.value)}
            />
          </Field>
          <Field
            label="Download expiry (days)"
            htmlFor="downloadExpiryDays"
            error={errors.downloadExpiryDays}
            hint="Days a buyer's links work after purchase. Empty: never expire."
          >
            <Input
              id="downloadExpiryDays"
              inputMode="numeric"
              value={form.downloadExpiryDays}
              invalid={!!errors.downloadExpiryDays}
              onChange={(e) => set("downloadExpiryDays", e.target.value)}
            />
          </Field>
        </div>
      </Card>

      <Card className="grid gap-5">
        <FileManager
          productId={productId}
          files={props.files}
          maxBytes={props.maxBytes}
          maxFiles={props.maxFiles}
          queued={queuedFiles}
          onQueue={setQueuedFiles}
          externalUploads={fileUploads}
          error={errors.files}
        />
        <CoverField
          productId={productId}
          coverUrl={props.coverUrl}
          queued={queuedCover}
          onQueue={setQueuedCover}
          externalUpload={coverUpload}
          error={errors.cover}
        />
      </Card>

      <div className="flex flex-wrap items-center justify-between gap-3">
        <Button type="submit" disabled={saving || !hydrated}>
          {saving ? "Saving…" : "Save product"}
        </Button>
        {productId && (
          <Dialog>
            <DialogTrigger asChild>
              <Button variant="danger" disabled={deleting}>
                Delete product
              </Button>
            </DialogTrigger>
            <DialogContent
              title="Delete this product?"
              description="Its files are deleted too. A product that has been ordered can't be deleted; archive it instead."
            >
              <div className="flex justify-end gap-2">
                <DialogClose asChild>
                  <Button variant="secondary">Cancel</Button>
                </DialogClose>
                <Button variant="danger" onClick={remove} disabled={deleting}>
                  Delete
                </Button>
              </div>
            </DialogContent>
          </Dialog>
        )}
      </div>
    </form>
  );
}

const noSubscription = () => () => {};

function currencyExample(currency: string): string {
  return minorUnitDigits(currency) === 0 ? "1500" : "9.99";
}
