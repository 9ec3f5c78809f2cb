/**
 * The one layer of the client's own gRPC transport that is not an interceptor: it gives each
 * logical call its absolute deadline, and {@link grpcTimeoutInterceptor} sends the time left of
 * that deadline on every attempt.
 *
 * issue 10 (client CPU per run): the client's gRPC transport runs the client's interceptors
 * itself, so each call goes through Connect's call machinery (`runUnaryCall` /
 * `runStreamingCall`: a deadline signal, a linked AbortController, normalisation of the request,
 * an abort when the call ends) once, not twice as when `applyInterceptors` wrapped it.
 * The behaviour is that of `applyInterceptors`: the same deadline in `deadlineKey`, a
 * shrinking `grpc-timeout` on retries (issue 3, "retries are capped by the call's deadline").
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
import { deadlineKey, effectiveTimeoutMs, remainingMs, withDeadline } from "./deadline.js";

/** What `new Headers(...)` accepts (the DOM's `HeadersInit`, not a global in this lib setup). */
type HeaderInit = ConstructorParameters<typeof Headers>[0];

/** gRPC's deadline header (PROTOCOL-HTTP2.md: `grpc-timeout: <digits><unit>`). */
const GRPC_TIMEOUT = "grpc-timeout";

/**
 * Returns a Transport that gives every call an absolute deadline (its own `timeoutMs`, else
 * `defaultTimeoutMs`; `<= 0` disables it), readable by interceptors through `deadlineKey`, and
 * passes the call on to `inner` with that timeout, so `inner`'s own call machinery enforces
 * it. No per-call closure, promise or signal of its own: a plain function call.
 *
 * `inner` must run the client's interceptors itself (it is Connect's gRPC transport built
 * with them) and end them with {@link grpcTimeoutInterceptor}.
 *
 * @example
 * const transport = withCallDeadline(createClientGrpcTransport(baseUrl, limit, interceptors), 60_000);
 */
export function withCallDeadline(inner: Transport, defaultTimeoutMs: number): Transport {
  function context(effective: number | undefined, values: ContextValues | undefined) {
    const deadline = effective === undefined ? undefined : Date.now() + effective;
    return withDeadline(values ?? createContextValues(), deadline);
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
      const effective = effectiveTimeoutMs(timeoutMs, defaultTimeoutMs);
      const values = context(effective, contextValues);
      // Without a deadline the caller disabled it: 0 tells `inner` so (no default comes back).
      return inner.unary(method, signal, effective ?? 0, header, input, values);
    },

    stream<I extends DescMessage, O extends DescMessage>(
      method: DescMethodStreaming<I, O>,
      signal: AbortSignal | undefined,
      timeoutMs: number | undefined,
      header: HeaderInit,
      input: AsyncIterable<MessageInitShape<I>>,
      contextValues?: ContextValues,
    ): Promise<StreamResponse<I, O>> {
      const effective = effectiveTimeoutMs(timeoutMs, defaultTimeoutMs);
      const values = context(effective, contextValues);
      return inner.stream(method, signal, effective ?? 0, header, input, values);
    },
  };
}

/**
 * The innermost interceptor of the client's gRPC transport: every request that goes to the
 * network carries, as `grpc-timeout`, the time left until the call's deadline (`deadlineKey`),
 * so a retry never announces a fresh full timeout and the server sees a shrinking one. A
 * request whose deadline has passed fails with `Code.DeadlineExceeded` before it is sent.
 * A call without a deadline is left as it is (Connect sends no `grpc-timeout` then).
 *
 * @example
 * const interceptors = [requestIdInterceptor(), retryInterceptor(policy), grpcTimeoutInterceptor()];
 */
export function grpcTimeoutInterceptor(): Interceptor {
  return (next) => (req) => {
    const deadline = req.contextValues.get(deadlineKey);
    if (deadline !== undefined) {
      let left: number | undefined;
      try {
        left = remainingMs(deadline);
      } catch (e) {
        return Promise.reject(e);
      }
      req.header.set(GRPC_TIMEOUT, `${left}m`);
    }
    return next(req);
  };
}
