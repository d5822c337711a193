/**
 * Sends one file as a raw request body with XMLHttpRequest, the one browser API that
 * reports upload progress. The server streams it to storage; its JSON answer is either
 * the stored file or an error with per-field messages.
 */
export type UploadResult<T> = { ok: true; data: T } | { ok: false; error: string; fieldErrors: Record<string, string> };

export function uploadFile<T>(
  method: "POST" | "PUT",
  url: string,
  file: File,
  onProgress: (fraction: number) => void,
  signal?: AbortSignal,
): Promise<UploadResult<T>> {
  return new Promise((resolve) => {
    const xhr = new XMLHttpRequest();
    xhr.open(method, url);
    // Header values must be ASCII; the server decodes the name.
    xhr.setRequestHeader("X-File-Name", encodeURIComponent(file.name));
    xhr.setRequestHeader("Content-Type", "application/octet-stream");
    xhr.upload.onprogress = (event) => {
      if (event.lengthComputable) onProgress(event.loaded / event.total);
    };
    xhr.onload = () => {
      let body: { error?: string; fieldErrors?: Record<string, string> } & Record<string, unknown> = {};
      try {
        body = JSON.parse(xhr.responseText);
      } catch {
        // Not JSON: a proxy's error page, say; the status decides.
      }
      if (xhr.status >= 200 && xhr.status < 300) {
        onProgress(1);
        resolve({ ok: true, data: body as T });
      } else {
        const fallback =
          xhr.status === 413 ? "The file is too large." : `The upload failed (HTTP ${xhr.status}). Try again.`;
        resolve({ ok: false, error: body.error ?? fallback, fieldErrors: body.fieldErrors ?? {} });
      }
    };
    xhr.onerror = () =>
      resolve({
        ok: false,
        error: "The upload was interrupted. Check your connection and try again.",
        fieldErrors: {},
      });
    xhr.onabort = () => resolve({ ok: false, error: "Upload canceled.", fieldErrors: {} });
    signal?.addEventListener("abort", () => xhr.abort());
    xhr.send(file);
  });
}

export const productFilesUrl = (productId: string) => `/api/uploads/products/${productId}/files`;
export const productFileUrl = (productId: string, fileId: string) =>
  `/api/uploads/products/${productId}/files/${fileId}`;
export const productCoverUrl = (productId: string) => `/api/uploads/products/${productId}/cover`;
