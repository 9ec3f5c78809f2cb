/**
 * One cleartext port for two protocols: gRPC on HTTP/2 (h2c, prior knowledge) and the plain
 * HTTP/1.1 GETs of file download URLs.
 *
 * issue 9: an emulator any Yandex SDK uses unchanged. The Python SDK downloads a file's bytes
 * from the URL that `FileService.GetUrl` returns with httpx, which speaks HTTP/1.1; the gRPC
 * clients speak HTTP/2 from the first byte. Node negotiates both on one port only over TLS
 * (ALPN), so the first bytes of each connection decide: the HTTP/2 connection preface starts
 * with `PRI`, an HTTP/1.1 request with its method.
 *
 * @module
 */
import type http from "node:http";
import type http2 from "node:http2";
import net from "node:net";

/** The first bytes of the HTTP/2 client connection preface (RFC 9113, 3.4). */
const PREFACE = Buffer.from("PRI ");

/**
 * A TCP server that hands each connection to `h2` when it opens with the HTTP/2 preface, and
 * to `h1` otherwise. Both servers see their connections as their own (`"connection"`), so
 * their sessions, streams and requests behave as if they listened themselves.
 *
 * @example
 * const front = createProtocolSwitch(http2.createServer(handler), http.createServer(download));
 * front.listen(0, "127.0.0.1");
 */
export function createProtocolSwitch(h2: http2.Http2Server, h1: http.Server): net.Server {
  return net.createServer((socket) => {
    let head = Buffer.alloc(0);
    const onData = (chunk: Buffer) => {
      head = Buffer.concat([head, chunk]);
      const n = Math.min(head.length, PREFACE.length);
      const h2Start = head.subarray(0, n).equals(PREFACE.subarray(0, n));
      if (h2Start && head.length < PREFACE.length) return; // too few bytes to tell
      socket.off("data", onData);
      socket.pause();
      socket.unshift(head);
      if (h2Start) {
        // An HTTP/2 session reads what is already buffered from the socket itself (on the
        // next tick); resuming here would spill those bytes as events nobody hears.
        h2.emit("connection", socket);
      } else {
        h1.emit("connection", socket);
        socket.resume();
      }
    };
    socket.on("data", onData);
    socket.on("error", () => {});
  });
}
