import { createHash } from "node:crypto";
import { readdirSync, readFileSync } from "node:fs";
import path from "node:path";

/** What the schemas were generated from, so a stale generated file can be told apart. */
export interface SdkFingerprint {
  version: string;
  /** sha256 of the SDK's type declarations and of the generator's own inputs. */
  inputsHash: string;
}

export interface RootInfo {
  /** The value of the object's `object` field. */
  object: string;
  /** A `Deleted…` object (`deleted: true`), answered by DELETE. */
  deleted: boolean;
}

export interface GeneratedSchemas {
  comment: string;
  sdk: SdkFingerprint;
  /** Definition name → the object it describes. */
  roots: Record<string, RootInfo>;
  /** Event type → the `object` values its `data.object` may have. */
  eventObjects: Record<string, string[]>;
  definitions: Record<string, unknown>;
}

export const GENERATED_SCHEMAS_PATH = path.join(import.meta.dirname, "stripe-schemas.generated.json");

const STRIPE_DIR = path.join(import.meta.dirname, "..", "..", "node_modules", "stripe");
/** The declarations the sandbox's tsconfig resolves `import Stripe from "stripe"` to. */
const STRIPE_TYPES_DIR = path.join(STRIPE_DIR, "esm");
const GENERATOR_INPUTS = ["stripe-objects.ts", "generate-schemas.ts"].map((file) =>
  path.join(import.meta.dirname, file),
);

function declarationFiles(directory: string): string[] {
  return readdirSync(directory, { recursive: true, encoding: "utf8" })
    .filter((file) => file.endsWith(".d.ts"))
    .map((file) => path.join(directory, file))
    .sort();
}

export function sdkFingerprint(): SdkFingerprint {
  const { version } = JSON.parse(readFileSync(path.join(STRIPE_DIR, "package.json"), "utf8")) as { version: string };
  const hash = createHash("sha256");
  for (const file of [...declarationFiles(STRIPE_TYPES_DIR), ...GENERATOR_INPUTS]) {
    hash.update(path.relative(STRIPE_DIR, file).replaceAll(path.sep, "/"));
    hash.update("\0");
    hash.update(readFileSync(file));
    hash.update("\0");
  }
  return { version, inputsHash: hash.digest("hex") };
}
