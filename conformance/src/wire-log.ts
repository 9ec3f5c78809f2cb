import {
  clone,
  create,
  type DescMessage,
  type DescMethod,
  isMessage,
  type Message,
} from "@bufbuild/protobuf";
import { ConnectError, type Interceptor } from "@connectrpc/connect";
import { rpcName } from "./replay-script.js";

/** An error as it crossed the wire. */
export interface WireError {
  readonly code: number;
  readonly message: string;
  readonly metadata: Readonly<Record<string, string>>;
}

/** One call as seen on the wire (by a server-side or a client-side interceptor). */
export interface WireCall {
  /** Position in the log, from 0. */
  readonly seq: number;
  readonly method: DescMethod;
  /** `RunService.Get`. */
  readonly rpc: string;
  /** Request headers, lower-case names. */
  readonly headers: Readonly<Record<string, string>>;
  /** The request (unary, server streaming) or every request message (client/bidi streams). */
  readonly requests: Message[];
  /** The response (unary) or every stream message, in order. */
  readonly responses: Message[];
  /** How the call failed, if it did (also a stream cut after some messages). */
  error: WireError | undefined;
  /** True once the call has ended (response sent, stream ended, or failed). */
  done: boolean;
  /**
   * How the response stream of a streaming call was left: read to its end (`complete`),
   * ended by an error (`failed`), or `open`: still being read, or left by a caller that
   * stopped reading. Connect releases a call (its deadline timer, its HTTP/2 stream) only
   * when its stream is read to the end or fails, so seen from the client side a call left
   * open after the caller is done lingers until its deadline.
   */
  streamState: "open" | "complete" | "failed" | undefined;
}

function snapshot(schema: DescMessage, m: unknown): Message {
  // Servers may keep mutating the objects they answered with (a run's state):
  // keep a copy of what was sent at that moment.
  return isMessage(m, schema) ? clone(schema, m) : create(schema, m as never);
}

function wireError(e: unknown): WireError {
  const err = ConnectError.from(e);
  const metadata: Record<string, string> = {};
  err.metadata.forEach((v, k) => {
    metadata[k] = v;
  });
  return { code: err.code, message: err.rawMessage, metadata };
}

/**
 * A log of every call through an interceptor: the runner installs it on the
 * servers it hosts (emulator, replay) and on the client, derives expectations
 * from what was really sent, counts requests, checks headers, and the
 * recorder writes it out as a fixture.
 *
 * @example
 * const log = new WireLog();
 * connectNodeAdapter({ routes, interceptors: [log.interceptor] });
 * const mark = log.mark(); await doSomething(); log.since(mark);
 */
export class WireLog {
  readonly calls: WireCall[] = [];
  /** Connect interceptor recording every call that passes through it. */
  readonly interceptor: Interceptor;

  constructor() {
    this.interceptor = (next) => async (req) => {
      const headers: Record<string, string> = {};
      req.header.forEach((v, k) => {
        headers[k.toLowerCase()] = v;
      });
      const call: WireCall = {
        seq: this.calls.length,
        method: req.method,
        rpc: rpcName(req.method),
        headers,
        requests: [],
        responses: [],
        error: undefined,
        done: false,
        streamState: undefined,
      };
      this.calls.push(call);
      const input = req.method.input;
      const output = req.method.output;
      let forward = req;
      if (req.stream) {
        const source = req.message;
        forward = {
          ...req,
          message: (async function* () {
            for await (const m of source) {
              call.requests.push(snapshot(input, m));
              yield m;
            }
          })(),
        };
      } else {
        call.requests.push(snapshot(input, req.message));
      }
      try {
        const res = await next(forward);
        if (!res.stream) {
          call.responses.push(snapshot(output, res.message));
          call.done = true;
          return res;
        }
        const source = res.message;
        call.streamState = "open";
        return {
          ...res,
          message: (async function* () {
            try {
              for await (const m of source) {
                call.responses.push(snapshot(output, m));
                yield m;
              }
              call.streamState = "complete";
            } catch (e) {
              call.error = wireError(e);
              call.streamState = "failed";
              throw e;
            } finally {
              call.done = true;
            }
          })(),
        };
      } catch (e) {
        call.error = wireError(e);
        call.done = true;
        throw e;
      }
    };
  }

  /** The current end of the log, to take the calls of one step with {@link since}. */
  mark(): number {
    return this.calls.length;
  }

  /** Calls started at or after `mark`. */
  since(mark: number): WireCall[] {
    return this.calls.slice(mark);
  }
}
