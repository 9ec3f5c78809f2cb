/**
 * The official `@yandex-cloud/nodejs-sdk` connected the way its users connect it: its generated
 * grpc-js service clients of `ai-assistants-v1`, with the authorization header on every call.
 *
 * The SDK's `Session` always dials TLS with a Bearer token from its own token service, so it
 * cannot reach the conformance suite's h2c loopback servers with an API key; the generated
 * clients are what `Session` wraps, and users who need another endpoint or credentials construct
 * them directly (as this repository's emulator tests and bench do, `bench/src/official-sdk.ts`).
 */
import { readFileSync } from "node:fs";
import { createRequire } from "node:module";
import { dirname, join } from "node:path";
import {
  assistantService,
  messageService,
  runService,
  threadService,
} from "@yandex-cloud/nodejs-sdk/ai-assistants-v1";

const require = createRequire(import.meta.url);
const sdkMain = require.resolve("@yandex-cloud/nodejs-sdk");
const sdkRequire = createRequire(sdkMain);

/** grpc-js, the SDK's own copy (so channel credentials and metadata are the SDK's classes). */
export const grpc = sdkRequire("@grpc/grpc-js");

/** The SDK's version, from its package.json (for InitAck; the package's exports do not include package.json). */
export const SDK_VERSION = JSON.parse(
  readFileSync(join(dirname(sdkMain), "..", "package.json"), "utf8"),
).version;

/**
 * One case's connection: the four generated clients on one channel each, the authorization
 * metadata and the per-call deadline.
 *
 * @example
 * const sdk = new SdkConnection({ serverUrl: "http://127.0.0.1:4000", apiKey: "k", plaintext: true }, {});
 * const run = await sdk.unary(sdk.runs, "get", runService.GetRunRequest.fromPartial({ runId }));
 */
export class SdkConnection {
  /**
   * @param {{ serverUrl: string, apiKey?: string, iamToken?: string, folderId?: string, plaintext?: boolean }} connection
   * @param {{ timeoutMs?: number }} options the case's ClientOptions
   */
  constructor(connection, options) {
    const url = new URL(connection.serverUrl);
    const address = url.port === "" ? `${url.hostname}:443` : `${url.hostname}:${url.port}`;
    const credentials =
      connection.plaintext === true
        ? grpc.credentials.createInsecure()
        : grpc.credentials.createSsl();
    this.folderId = connection.folderId ?? "";
    this.timeoutMs = options.timeoutMs;
    this.assistants = new assistantService.AssistantServiceClient(address, credentials);
    this.threads = new threadService.ThreadServiceClient(address, credentials);
    this.messages = new messageService.MessageServiceClient(address, credentials);
    this.runs = new runService.RunServiceClient(address, credentials);
    this.metadata = new grpc.Metadata();
    if (connection.apiKey !== undefined && connection.apiKey !== "") {
      this.metadata.set("authorization", `Api-Key ${connection.apiKey}`);
    } else if (connection.iamToken !== undefined && connection.iamToken !== "") {
      this.metadata.set("authorization", `Bearer ${connection.iamToken}`);
    }
  }

  /** grpc-js call options: the case's deadline (ClientOptions.timeoutMs), if it set one. */
  callOptions() {
    return this.timeoutMs === undefined ? {} : { deadline: Date.now() + this.timeoutMs };
  }

  /**
   * A unary call of a generated client as a promise (the generated clients take callbacks).
   *
   * @template T
   * @param {any} client one of this connection's clients (each has its own method types)
   * @param {string} method the method's name on the generated client, e.g. `"get"`
   * @param {object} request a request built with the SDK's `fromPartial`
   * @returns {Promise<T>}
   */
  unary(client, method, request) {
    return new Promise((resolve, reject) => {
      client[method](
        request,
        this.metadata,
        this.callOptions(),
        /** @type {(error: Error | null, response: T) => void} */
        (error, response) => (error ? reject(error) : resolve(response)),
      );
    });
  }

  /** Closes every channel. */
  close() {
    for (const client of [this.assistants, this.threads, this.messages, this.runs]) client.close();
  }
}
