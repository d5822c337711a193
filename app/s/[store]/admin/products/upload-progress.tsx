"use client";
import { CircleAlert, CircleCheck } from "lucide-react";

export type UploadState = {
  key: string;
  name: string;
  fraction: number;
  status: "waiting" | "uploading" | "done" | "failed";
  error?: string;
};

/** One file's upload: a progress bar while it runs, then done or the reason it failed. */
export function UploadProgress({ upload }: { upload: UploadState }) {
  const percent = Math.round(upload.fraction * 100);
  return (
    <li className="grid gap-1 rounded-md border border-gray-200 bg-white p-3 text-sm" data-testid="upload">
      <div className="flex items-center justify-between gap-3">
        <span className="truncate font-medium">{upload.name}</span>
        <span className="shrink-0 text-gray-600">
          {upload.status === "waiting" && "Waiting"}
          {upload.status === "uploading" && `${percent}%`}
          {upload.status === "done" && (
            <span className="inline-flex items-center gap-1 text-green-700">
              <CircleCheck className="size-4" aria-hidden /> Uploaded
            </span>
          )}
          {upload.status === "failed" && (
            <span className="inline-flex items-center gap-1 text-red-700">
              <CircleAlert className="size-4" aria-hidden /> Failed
            </span>
          )}
        </span>
      </div>
      <div
        role="progressbar"
        aria-label={`Uploading ${upload.name}`}
        aria-valuemin={0}
        aria-valuemax={100}
        aria-valuenow={percent}
        className="h-2 overflow-hidden rounded-full bg-gray-100"
      >
        <div
          className={upload.status === "failed" ? "h-full bg-red-500" : "h-full bg-brand-600 transition-[width]"}
          style={{ width: `${upload.status === "failed" ? 100 : percent}%` }}
        />
      </div>
      {upload.error && (
        <p role="alert" className="text-red-700">
          {upload.error}
        </p>
      )}
    </li>
  );
}
