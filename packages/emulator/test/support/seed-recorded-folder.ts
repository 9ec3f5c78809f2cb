import { fromJson, type JsonObject, type JsonValue } from "@bufbuild/protobuf";
import { anyUnpack } from "@bufbuild/protobuf/wkt";
import { createClient, type Transport } from "@connectrpc/connect";
import { registry } from "@yc-assistants/types";
import { FileSchema, FileService } from "@yc-assistants/types/files";
import { OperationService } from "@yc-assistants/types/operation";
import { SearchIndexSchema, SearchIndexService } from "@yc-assistants/types/searchindex";

/** One recorded call, as the recordings store it. */
export interface Interaction {
  request: { cls: string; module: string; message: JsonValue };
  response?: { cls: string; module: string; message: JsonValue };
}

/**
 * The resources a session's first List of files / indexes shows that the
 * session did not create: left in the recorded folder by earlier sessions.
 */
function preexisting(interactions: readonly Interaction[]): {
  files: JsonObject[];
  indices: JsonObject[];
} {
  const seen = new Set<string>();
  const out: { files: JsonObject[]; indices: JsonObject[] } = { files: [], indices: [] };
  const collectIds = (value: JsonValue): void => {
    if (Array.isArray(value)) value.forEach(collectIds);
    else if (value !== null && typeof value === "object") {
      for (const [key, item] of Object.entries(value)) {
        if (key === "id" && typeof item === "string") seen.add(item);
        else collectIds(item);
      }
    }
  };
  for (const { request, response } of interactions) {
    const message = (response?.message ?? {}) as JsonObject;
    for (const key of ["files", "indices"] as const) {
      if (!request.cls.startsWith("List") || !Array.isArray(message[key]) || out[key].length > 0) {
        continue;
      }
      out[key] = (message[key] as JsonObject[]).filter((item) => !seen.has(String(item["id"])));
    }
    collectIds(message);
  }
  return out;
}

/**
 * Creates, through the emulator's own API and oldest first, the files and
 * search indexes a recorded session found in its folder (same names,
 * labels, mime types, index types), so that the replayed lists page over
 * the same items in the same order; `link` learns each recorded id's
 * emulator id, `letTimePass` lets an index's operation finish.
 */
export async function seedRecordedFolder(
  transport: Transport,
  interactions: readonly Interaction[],
  link: (recordedId: string, actualId: string) => void,
  letTimePass: () => Promise<unknown>,
): Promise<void> {
  const { files, indices } = preexisting(interactions);
  const fileClient = createClient(FileService, transport);
  for (const item of [...files].reverse()) {
    const file = fromJson(FileSchema, item, { registry });
    const created = await fileClient.create({
      folderId: file.folderId,
      name: file.name,
      description: file.description,
      mimeType: file.mimeType,
      labels: file.labels,
      content: new TextEncoder().encode("left by an earlier session"),
      ...(file.expirationConfig === undefined ? {} : { expirationConfig: file.expirationConfig }),
    });
    link(item["id"] as string, created.id);
  }
  const indexClient = createClient(SearchIndexService, transport);
  const operations = createClient(OperationService, transport);
  for (const item of [...indices].reverse()) {
    const index = fromJson(SearchIndexSchema, item, { registry });
    const op = await indexClient.create({
      folderId: index.folderId,
      name: index.name,
      description: index.description,
      labels: index.labels,
      IndexType: index.IndexType,
      ...(index.expirationConfig === undefined ? {} : { expirationConfig: index.expirationConfig }),
    });
    let done = await operations.get({ operationId: op.id });
    for (let i = 0; i < 5 && !done.done; i++) {
      await letTimePass();
      done = await operations.get({ operationId: op.id });
    }
    const actual = anyUnpack(done.result.value as never, SearchIndexSchema)!;
    link(item["id"] as string, actual.id);
  }
}
