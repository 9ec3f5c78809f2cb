/**
 * Wrapping any Connect `Transport` so that a list of interceptors and a default deadline
 * always apply, whatever the transport is (the gRPC transport this package builds, a
 * user's transport, or `createRouterTransport` in tests).
 *
 * client-split.md, A: the resolved transport ALWAYS applies auth, request ids, retries,
 * the default timeout and user interceptors, also around a user-given `options.transport`.
 * It uses Connect's public `runUnaryCall` / `runStreamingCall`, the same functions
 * Connect's own transports use to run interceptors.
 *
 * The client uses it only around a user-given `options.transport`: its own gRPC transport runs
 * the interceptors itself (`call-deadline.ts`), so a call does not go through Connect's call
 * machinery twice (issue 10).
 *
 * @module
 */
import type {
  DescMessage,
  DescMethodStreaming,
  DescMethodUnary,
  MessageInitShape,
} from "@bufbuild/protobuf";
import {
  type ContextValues,
  createContextValues,
  type Interceptor,
  type StreamResponse,
  type Transport,
  type UnaryResponse,
} from "@connectrpc/connect";
import { createMethodUrl, runStreamingCall, runUnaryCall } from "@connectrpc/connect/protocol";
import { effectiveTimeoutMs, remainingMs, withDeadline } from "./deadline.js";

/** What `new Headers(...)` accepts (the DOM's `HeadersInit`, not a global in this lib setup). */
type HeaderInit = ConstructorParameters<typeof Headers>[0];

/**
 * Options of {@link applyInterceptors}.
 *
 * @example
 * const options: ApplyInterceptorsOptions = { interceptors: [], defaultTimeoutMs: 60_000, baseUrl };
 */
export interface ApplyInterceptorsOptions {
  /** Interceptors, outermost first (Connect's order: the first one sees the call first). */
  readonly interceptors: readonly Interceptor[];
  /** Deadline of a call that sets no `timeoutMs` of its own; `<= 0` on a call disables it. */
  readonly defaultTimeoutMs: number;
  /** Used only for `req.url`, which interceptors may log. */
  readonly baseUrl: string;
}

/**
 * Returns a Transport that runs every call through `options.interceptors` and then through
 * `inner`. Each logical call gets an absolute deadline (its own `timeoutMs`, else
 * `defaultTimeoutMs`), visible to interceptors through `deadlineKey`; every request that
 * reaches `inner` carries the time left until that deadline, so a retry never gets a fresh
 * full timeout and gRPC servers see a shrinking `grpc-timeout`. Context values passed by
 * the caller stay readable by the interceptors and are never modified.
 *
 * @example
 * const transport = applyInterceptors(createRouterTransport(routes), {
 *   interceptors: [logger],
 *   defaultTimeoutMs: 60_000,
 *   baseUrl: "http://in-memory",
 * });
 */
export function applyInterceptors(inner: Transport, options: ApplyInterceptorsOptions): Transport {
  const interceptors = [...options.interceptors];
  const { defaultTimeoutMs, baseUrl } = options;

  function prepare(
    method: DescMethodUnary | DescMethodStreaming,
    timeoutMs: number | undefined,
    contextValues: ContextValues | undefined,
  ) {
    const effective = effectiveTimeoutMs(timeoutMs, defaultTimeoutMs);
    const deadline = effective === undefined ? undefined : Date.now() + effective;
    return {
      effective,
      // Without a deadline the caller disabled it (timeoutMs <= 0): say so to `inner` too,
      // so its own default timeout does not silently come back.
      innerTimeout: () => (deadline === undefined ? 0 : remainingMs(deadline)),
      contextValues: withDeadline(contextValues ?? createContextValues(), deadline),
      url: createMethodUrl(baseUrl, method),
    };
  }

  return {
    unary<I extends DescMessage, O extends DescMessage>(
      method: DescMethodUnary<I, O>,
      signal: AbortSignal | undefined,
      timeoutMs: number | undefined,
      header: HeaderInit,
      input: MessageInitShape<I>,
      contextValues?: ContextValues,
    ): Promise<UnaryResponse<I, O>> {
      const call = prepare(method, timeoutMs, contextValues);
      return runUnaryCall<I, O>({
        interceptors,
        signal,
        timeoutMs: call.effective,
        req: {
          stream: false,
          service: method.parent,
          method,
          requestMethod: "POST",
          url: call.url,
          header: new Headers(header),
          contextValues: call.contextValues,
          message: input,
        },
        next: (req) =>
          inner.unary(
            req.method,
            req.signal,
            call.innerTimeout(),
            req.header,
            req.message,
            req.contextValues,
          ),
      });
    },

    stream<I extends DescMessage, O extends DescMessage>(
      method: DescMethodStreaming<I, O>,
      signal: AbortSignal | undefined,
      timeoutMs: number | undefined,
      header: HeaderInit,
      input: AsyncIterable<MessageInitShape<I>>,
      contextValues?: ContextValues,
    ): Promise<StreamResponse<I, O>> {
      const call = prepare(method, timeoutMs, contextValues);
      return runStreamingCall<I, O>({
        interceptors,
        signal,
        timeoutMs: call.effective,
        req: {
          stream: true,
          service: method.parent,
          method,
          requestMethod: "POST",
          url: call.url,
          header: new Headers(header),
          contextValues: call.contextValues,
          message: input,
        },
        next: (req) =>
          inner.stream(
            req.method,
            req.signal,
            call.innerTimeout(),
            req.header,
            req.message,
            req.contextValues,
          ),
      });
    },
  };
}
