"use client";
import { ArrowDown, ArrowUp, FileText, Pencil, RefreshCw, Trash2 } from "lucide-react";
import { useRouter } from "next/navigation";
import { useRef, useState, useTransition } from "react";
import { Button } from "@/app/components/ui/button";
import { Field } from "@/app/components/ui/field";
import { Input } from "@/app/components/ui/input";
import { formatBytes } from "@/lib/format-bytes";
import { removeFileAction, renameFileAction, reorderFilesAction } from "./actions";
import { productFilesUrl, productFileUrl, uploadFile } from "./upload";
import { UploadProgress, type UploadState } from "./upload-progress";

export type EditorFile = { id: string; fileName: string; sizeBytes: number; contentType: string };

type Props = {
  /** Null while the product is not saved yet: chosen files wait and the editor uploads them after Save. */
  productId: string | null;
  files: EditorFile[];
  maxBytes: number;
  maxFiles: number;
  /** For a new product: the files waiting for Save. */
  queued?: File[];
  onQueue?: (files: File[]) => void;
  /** Uploads the editor is running for queued files. */
  externalUploads?: UploadState[];
  error?: string;
};

/**
 * The product's files: choose several (each uploads with its own progress bar), rename,
 * reorder, replace and remove. Replacing keeps the file's place and every buyer's link.
 */
export function FileManager({
  productId,
  files: initial,
  maxBytes,
  maxFiles,
  queued = [],
  onQueue,
  externalUploads = [],
  error,
}: Props) {
  const router = useRouter();
  const [files, setFiles] = useState(initial);
  const [uploads, setUploads] = useState<UploadState[]>([]);
  const [message, setMessage] = useState<string | undefined>();
  const [pending, startTransition] = useTransition();
  const picker = useRef<HTMLInputElement>(null);
  const uploadCount = useRef(0);
  const nextKey = () => `upload-${++uploadCount.current}`;

  const patchUpload = (key: string, patch: Partial<UploadState>) =>
    setUploads((all) => all.map((u) => (u.key === key ? { ...u, ...patch } : u)));

  /** Refuses what can't succeed before a byte is sent; says why. */
  function precheck(chosen: File[], already: number): string | undefined {
    if (already + chosen.length > maxFiles) return `A product can have at most ${maxFiles} files. Remove one first.`;
    const empty = chosen.find((f) => f.size === 0);
    if (empty) return `${empty.name} is empty (0 bytes). Choose the file you meant to sell.`;
    const big = chosen.find((f) => f.size > maxBytes);
    if (big) return `${big.name} is larger than the ${formatBytes(maxBytes)} limit.`;
    return undefined;
  }

  async function onChoose(chosen: File[]) {
    if (picker.current) picker.current.value = "";
    if (chosen.length === 0) return;
    const problem = precheck(
      chosen,
      files.length +
        (productId ? uploads.filter((u) => u.status !== "done" && u.status !== "failed").length : queued.length),
    );
    setMessage(problem);
    if (problem) return;
    if (!productId) {
      onQueue?.([...queued, ...chosen]);
      return;
    }
    const batch = chosen.map((file) => ({
      file,
      state: { key: nextKey(), name: file.name, fraction: 0, status: "waiting" as const },
    }));
    setUploads((all) => [...all.filter((u) => u.status !== "done"), ...batch.map((b) => b.state)]);
    // One at a time, so each file gets the connection's full speed and a clear bar.
    for (const { file, state } of batch) {
      patchUpload(state.key, { status: "uploading" });
      const result = await uploadFile<EditorFile>("POST", productFilesUrl(productId), file, (fraction) =>
        patchUpload(state.key, { fraction }),
      );
      if (result.ok) {
        patchUpload(state.key, { status: "done", fraction: 1 });
        setFiles((all) => [...all, result.data]);
      } else {
        patchUpload(state.key, { status: "failed", error: result.fieldErrors.files ?? result.error });
      }
    }
    router.refresh();
  }

  async function onReplace(target: EditorFile, file: File | undefined) {
    if (!file || !productId) return;
    const problem = precheck([file], 0);
    setMessage(problem);
    if (problem) return;
    const key = nextKey();
    setUploads((all) => [
      ...all.filter((u) => u.status !== "done"),
      { key, name: `${file.name} (replacing ${target.fileName})`, fraction: 0, status: "uploading" },
    ]);
    const result = await uploadFile<EditorFile>("PUT", productFileUrl(productId, target.id), file, (fraction) =>
      patchUpload(key, { fraction }),
    );
    if (result.ok) {
      patchUpload(key, { status: "done", fraction: 1 });
      setFiles((all) => all.map((f) => (f.id === target.id ? result.data : f)));
      router.refresh();
    } else {
      patchUpload(key, { status: "failed", error: result.fieldErrors.files ?? result.error });
    }
  }

  function move(index: number, by: -1 | 1) {
    if (!productId) return;
    const next = [...files];
    const [item] = next.splice(index, 1);
    if (!item) return;
    next.splice(index + by, 0, item);
    setFiles(next);
    startTransition(async () => {
      const result = await reorderFilesAction({ productId, fileIds: next.map((f) => f.id) });
      if (!result.ok) {
        setMessage(result.formError);
        setFiles(files);
      }
    });
  }

  function remove(target: EditorFile) {
    if (!productId) return;
    startTransition(async () => {
      const result = await removeFileAction({ productId, fileId: target.id });
      if (result.ok) {
        setFiles((all) => all.filter((f) => f.id !== target.id));
        setMessage(undefined);
        router.refresh();
      } else {
        setMessage(result.formError);
      }
    });
  }

  const shownError = message ?? error;
  return (
    <div className="grid gap-3">
      <Field
        label="Files"
        htmlFor="files"
        error={shownError}
        hint={`What buyers download. Up to ${maxFiles} files, ${formatBytes(maxBytes)} each.${productId ? "" : " They upload when you save."}`}
      >
        <input
          ref={picker}
          id="files"
          name="files"
          type="file"
          multiple
          aria-invalid={shownError ? true : undefined}
          aria-describedby={shownError ? "files-error" : undefined}
          onChange={(e) => void onChoose([...(e.target.files ?? [])])}
          className="block w-full text-sm file:mr-3 file:rounded-md file:border-0 file:bg-brand-50 file:px-3 file:py-2 file:font-medium file:text-brand-700 hover:file:bg-brand-100"
        />
      </Field>

      {files.length > 0 && (
        <ul className="grid gap-2" aria-label="Product files">
          {files.map((file, index) => (
            <FileRow
              key={file.id}
              file={file}
              first={index === 0}
              last={index === files.length - 1}
              busy={pending}
              onMove={(by) => move(index, by)}
              onRemove={() => remove(file)}
              onReplace={(chosen) => void onReplace(file, chosen)}
              onRenamed={(fileName) => setFiles((all) => all.map((f) => (f.id === file.id ? { ...f, fileName } : f)))}
              productId={productId}
            />
          ))}
        </ul>
      )}

      {queued.length > 0 && (
        <ul className="grid gap-2" aria-label="Files to upload">
          {queued.map((file, i) => (
            <li
              key={`${file.name}-${i}`}
              className="flex items-center justify-between gap-3 rounded-md border border-dashed border-gray-300 p-3 text-sm"
            >
              <span className="truncate">
                {file.name} <span className="text-gray-600">({formatBytes(file.size)})</span>
              </span>
              <Button variant="ghost" size="sm" onClick={() => onQueue?.(queued.filter((_, j) => j !== i))}>
                Remove
              </Button>
            </li>
          ))}
        </ul>
      )}

      {[...uploads, ...externalUploads].length > 0 && (
        <ul className="grid gap-2" aria-label="Uploads">
          {[...uploads, ...externalUploads].map((u) => (
            <UploadProgress key={u.key} upload={u} />
          ))}
        </ul>
      )}
    </div>
  );
}

function FileRow(props: {
  file: EditorFile;
  productId: string | null;
  first: boolean;
  last: boolean;
  busy: boolean;
  onMove: (by: -1 | 1) => void;
  onRemove: () => void;
  onReplace: (file: File | undefined) => void;
  onRenamed: (name: string) => void;
}) {
  const { file, productId } = props;
  const [renaming, setRenaming] = useState(false);
  const [name, setName] = useState(file.fileName);
  const [error, setError] = useState<string | undefined>();
  const [pending, startTransition] = useTransition();
  const replacePicker = useRef<HTMLInputElement>(null);
  const inputId = `rename-${file.id}`;

  function saveName() {
    if (!productId) return;
    startTransition(async () => {
      const result = await renameFileAction({ productId, fileId: file.id, fileName: name });
      if (result.ok) {
        props.onRenamed(result.data.fileName);
        setName(result.data.fileName);
        setRenaming(false);
        setError(undefined);
      } else {
        setError(result.fieldErrors.fileName ?? result.formError);
      }
    });
  }

  return (
    <li className="grid gap-2 rounded-md border border-gray-200 bg-white p-3 text-sm" data-testid="product-file">
      <div className="flex flex-wrap items-center justify-between gap-2">
        <span className="flex min-w-0 items-center gap-2">
          <FileText className="size-4 shrink-0 text-gray-500" aria-hidden />
          <span className="truncate font-medium">{file.fileName}</span>
          <span className="shrink-0 text-gray-600">
            {formatBytes(file.sizeBytes)} · {file.contentType}
          </span>
        </span>
        <span className="flex flex-wrap gap-1">
          <Button
            variant="ghost"
            size="sm"
            aria-label={`Move ${file.fileName} up`}
            disabled={props.first || props.busy}
            onClick={() => props.onMove(-1)}
          >
            <ArrowUp className="size-4" aria-hidden />
          </Button>
          <Button
            variant="ghost"
            size="sm"
            aria-label={`Move ${file.fileName} down`}
            disabled={props.last || props.busy}
            onClick={() => props.onMove(1)}
          >
            <ArrowDown className="size-4" aria-hidden />
          </Button>
          <Button
            variant="ghost"
            size="sm"
            aria-label={`Rename ${file.fileName}`}
            onClick={() => setRenaming((r) => !r)}
          >
            <Pencil className="size-4" aria-hidden /> Rename
          </Button>
          <Button
            variant="ghost"
            size="sm"
            aria-label={`Replace ${file.fileName}`}
            onClick={() => replacePicker.current?.click()}
          >
            <RefreshCw className="size-4" aria-hidden /> Replace
          </Button>
          <input
            ref={replacePicker}
            type="file"
            className="hidden"
            aria-label={`New version of ${file.fileName}`}
            onChange={(e) => {
              props.onReplace(e.target.files?.[0]);
              e.target.value = "";
            }}
          />
          <Button
            variant="ghost"
            size="sm"
            aria-label={`Remove ${file.fileName}`}
            disabled={props.busy}
            onClick={props.onRemove}
          >
            <Trash2 className="size-4" aria-hidden /> Remove
          </Button>
        </span>
      </div>
      {renaming && (
        <div className="flex flex-wrap items-end gap-2">
          <Field label="File name" htmlFor={inputId} error={error} className="min-w-0 flex-1">
            <Input id={inputId} value={name} invalid={!!error} onChange={(e) => setName(e.target.value)} />
          </Field>
          <Button size="sm" onClick={saveName} disabled={pending}>
            Save name
          </Button>
        </div>
      )}
    </li>
  );
}
