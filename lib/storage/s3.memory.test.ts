import { describe } from "vitest";
import { itStreamsWithBoundedMemory, s3Backend } from "@/test/storage-backends";

// Its own file, so its own process: see itStreamsWithBoundedMemory.
describe("S3 storage memory", () => {
  itStreamsWithBoundedMemory(s3Backend());
});
