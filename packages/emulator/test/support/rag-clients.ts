import http2 from "node:http2";
import {
  type Client,
  createClient,
  createRouterTransport,
  type Transport,
} from "@connectrpc/connect";
import { ApiEndpointService } from "@yc-assistants/types/endpoint";
import { FileService } from "@yc-assistants/types/files";
import { type Operation, OperationService } from "@yc-assistants/types/operation";
import { SearchIndexFileService, SearchIndexService } from "@yc-assistants/types/searchindex";
import type { EmulatorOptions } from "../../src/emulator-options.js";
import { createEmulatorRoutes } from "../../src/routes.js";
import { type Clients, clientsFor } from "./clients.js";

/** Typed clients of every service the emulator serves (issue 9 adds five). */
export interface RagClients extends Clients {
  files: Client<typeof FileService>;
  operations: Client<typeof OperationService>;
  searchIndexes: Client<typeof SearchIndexService>;
  searchIndexFiles: Client<typeof SearchIndexFileService>;
  endpoints: Client<typeof ApiEndpointService>;
}

export function ragClientsFor(transport: Transport): RagClients {
  return {
    ...clientsFor(transport),
    files: createClient(FileService, transport),
    operations: createClient(OperationService, transport),
    searchIndexes: createClient(SearchIndexService, transport),
    searchIndexFiles: createClient(SearchIndexFileService, transport),
    endpoints: createClient(ApiEndpointService, transport),
  };
}

/** Polls OperationService.Get until the operation is done; every response, in order. */
export async function pollOperation(
  c: Pick<RagClients, "operations">,
  id: string,
  stepMs = 5,
  maxPolls = 200,
): Promise<Operation[]> {
  const seen: Operation[] = [];
  for (let i = 0; i < maxPolls; i++) {
    const op = await c.operations.get({ operationId: id });
    seen.push(op);
    if (op.done) return seen;
    await new Promise((resolve) => setTimeout(resolve, stepMs));
  }
  throw new Error(`operation ${id} not done after ${maxPolls} polls`);
}

/** A plain HTTP/2 (h2c) GET: status, headers and body bytes. */
export function http2Get(
  url: string,
): Promise<{ status: number; contentType: string | undefined; body: Buffer }> {
  return new Promise((resolve, reject) => {
    const target = new URL(url);
    const session = http2.connect(target.origin);
    session.on("error", reject);
    const request = session.request({ ":method": "GET", ":path": target.pathname + target.search });
    const chunks: Buffer[] = [];
    let status = 0;
    let contentType: string | undefined;
    request.on("response", (headers) => {
      status = Number(headers[":status"]);
      contentType = headers["content-type"] as string | undefined;
    });
    request.on("data", (chunk: Buffer) => chunks.push(chunk));
    request.on("end", () => {
      session.close();
      resolve({ status, contentType, body: Buffer.concat(chunks) });
    });
    request.on("error", reject);
    request.end();
  });
}

/** Clients of a fresh in-process emulator (router transport), fast steps. */
export function ragInProcess(options: EmulatorOptions = {}): RagClients {
  return ragClientsFor(
    createRouterTransport(
      createEmulatorRoutes({ chunkDelayMs: 1, operationDelayMs: 1, ...options }),
    ),
  );
}
