/**
 * What the tests that drive the emulator through the official `@yandex-cloud/nodejs-sdk`
 * share: grpc-js loaded from where the SDK loads it, and promise forms of its callback calls.
 */
import { createRequire } from "node:module";
import type { runService } from "@yandex-cloud/nodejs-sdk/ai-assistants-v1";

/** Channel credentials, as the SDK's generated clients declare them. */
export type ChannelCredentials = ConstructorParameters<typeof runService.RunServiceClient>[1];
/** grpc-js `Metadata`, as the SDK's generated clients declare it. */
export type Metadata = Parameters<runService.RunServiceClient["get"]>[1];

/** The slice of grpc-js the tests need. */
interface GrpcJs {
  credentials: { createInsecure(): ChannelCredentials };
  Metadata: new () => Metadata;
  status: Record<string, number>;
}

/** A failed grpc-js call. */
export interface ServiceError extends Error {
  code: number;
  details: string;
}

const sdkRequire = createRequire(
  createRequire(import.meta.url).resolve("@yandex-cloud/nodejs-sdk"),
);

/** grpc-js, the SDK's own copy. */
export const grpc = sdkRequire("@grpc/grpc-js") as GrpcJs;

/** Calls a callback-style unary method and returns its response. */
export function unary<T>(
  invoke: (callback: (error: Error | null, value?: T) => void) => void,
): Promise<T> {
  return new Promise((resolve, reject) => {
    invoke((error, value) => (error === null ? resolve(value as T) : reject(error)));
  });
}

/** The error a call must fail with. */
export async function failure(promise: Promise<unknown>): Promise<ServiceError> {
  try {
    await promise;
  } catch (error) {
    return error as ServiceError;
  }
  throw new Error("the call should have failed");
}
