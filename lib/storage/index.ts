import "server-only";
import path from "node:path";
import { env } from "@/lib/env";
import { LocalDiskStorage, type LocalDiskConfig } from "./local-disk";
import { S3Storage, type S3Config } from "./s3";
import type { ObjectStorage } from "./storage";

export type StorageConfig = LocalDiskConfig | S3Config;

/** A backend built from explicit settings; the app uses getStorage(), tests build both. */
export function createStorage(config: StorageConfig): ObjectStorage {
  return config.driver === "s3" ? new S3Storage(config) : new LocalDiskStorage(config);
}

let storage: ObjectStorage | undefined;

/** The backend the environment configures, built once per process. */
export function getStorage(): ObjectStorage {
  storage ??= createStorage(storageConfigFromEnv());
  return storage;
}

function storageConfigFromEnv(): StorageConfig {
  if (env.STORAGE_DRIVER === "local") return { driver: "local", root: path.join(env.DATA_DIR, "files") };
  if (!env.S3_BUCKET) throw new Error("S3_BUCKET is required when STORAGE_DRIVER=s3");
  return {
    driver: "s3",
    bucket: env.S3_BUCKET,
    region: env.S3_REGION,
    endpoint: env.S3_ENDPOINT,
    forcePathStyle: env.S3_FORCE_PATH_STYLE,
    credentials:
      env.S3_ACCESS_KEY_ID && env.S3_SECRET_ACCESS_KEY
        ? { accessKeyId: env.S3_ACCESS_KEY_ID, secretAccessKey: env.S3_SECRET_ACCESS_KEY }
        : undefined,
  };
}
