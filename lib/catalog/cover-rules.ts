/** What a cover image may be: shared by the browser's early check and the server's decode. */
export const MAX_COVER_BYTES = 10 * 1024 * 1024;
export const COVER_FORMATS: readonly string[] = ["png", "jpeg", "webp"];
export const COVER_MIME_TYPES = COVER_FORMATS.map((format) => `image/${format}`);
