import { describe } from "vitest";
import { itStreamsWithBoundedMemory, localDiskBackend } from "@/test/storage-backends";

// Its own file, so its own process: see itStreamsWithBoundedMemory.
describe("local disk storage memory", () => {
  itStreamsWithBoundedMemory(localDiskBackend());
});
