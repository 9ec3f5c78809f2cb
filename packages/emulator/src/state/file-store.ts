import { clone } from "@bufbuild/protobuf";
import type { Timestamp } from "@bufbuild/protobuf/wkt";
import {
  type ExpirationConfig,
  ExpirationConfig_ExpirationPolicy,
} from "@yc-assistants/types/common";
import { type File, FileSchema } from "@yc-assistants/types/files";
import { notFound } from "../errors.js";
import { type EmulatorState, expiresAt } from "./emulator-state.js";

/** A stored file: its metadata and its bytes. */
export interface FileRecord {
  file: File;
  readonly content: Uint8Array;
  readonly seq: number;
}

/**
 * The files of one emulator instance (FileService, issue 9), kept apart from
 * {@link EmulatorState} so that the assistants' state stays as it was.
 */
export class FileStore {
  readonly files = new Map<string, FileRecord>();

  constructor(readonly state: EmulatorState) {}

  /** The record of `id`; NOT_FOUND `file <id> not found` when absent. */
  get(id: string): FileRecord {
    const record = this.files.get(id);
    if (record === undefined) throw notFound("file", id);
    return record;
  }

  /** A copy of the File message of `id`, or undefined when it is gone. */
  snapshot(id: string): File | undefined {
    const record = this.files.get(id);
    return record === undefined ? undefined : clone(FileSchema, record.file);
  }

  /**
   * Marks a file as used (indexed into a search index). With the
   * SINCE_LAST_ACTIVE policy its `expires_at` moves to now + TTL, as the
   * recordings show (a cited file's `expires_at` is its indexing time plus 7
   * days); `updated_at` does not change.
   */
  touch(record: FileRecord): void {
    record.file.expiresAt = activeExpiry(this.state.timestamp(), record.file);
  }
}

/**
 * `expires_at` of a resource just used: now + TTL for SINCE_LAST_ACTIVE,
 * unchanged (created + TTL) for STATIC.
 */
export function activeExpiry(
  now: Timestamp,
  resource: { expirationConfig?: ExpirationConfig; expiresAt?: Timestamp },
): Timestamp | undefined {
  const config = resource.expirationConfig;
  if (config?.expirationPolicy !== ExpirationConfig_ExpirationPolicy.SINCE_LAST_ACTIVE) {
    return resource.expiresAt;
  }
  return expiresAt(now, config);
}
