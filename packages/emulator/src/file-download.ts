import { createHmac, randomBytes, timingSafeEqual } from "node:crypto";
import type { FileStore } from "./state/file-store.js";

/** Path prefix of the download URLs that FileService.GetUrl returns. */
export const FILE_DOWNLOAD_PATH = "/emulator/files/";
/** Lifetime of a download URL, in seconds (recorded: `X-Amz-Expires=3600`). */
export const FILE_URL_TTL_SECONDS = 3600;

/** Where clients reach this emulator, e.g. `http://127.0.0.1:50123` (set once it listens). */
export interface EmulatorAddress {
  url: string;
}

/**
 * Signs and checks the download URLs of FileService.GetUrl (issue 9: "an
 * `http://<emulator>/…` URL with an expiring signed token"). The token is
 * an HMAC-SHA256, under a key drawn at random for each emulator instance, of
 * the file id and the expiry time; a URL works until it expires (one hour,
 * as recorded) and only on the emulator that made it.
 *
 * @example
 * const signer = new FileUrlSigner();
 * const url = signer.url("http://127.0.0.1:5000", "fvt…", new Date());
 * signer.check(new URL(url), new Date()); // { fileId: "fvt…" }
 */
export class FileUrlSigner {
  readonly #key = randomBytes(32);

  /** The download URL of `fileId`, valid for {@link FILE_URL_TTL_SECONDS} from `now`. */
  url(baseUrl: string, fileId: string, now: Date): string {
    const expires = Math.floor(now.getTime() / 1000) + FILE_URL_TTL_SECONDS;
    const url = new URL(`${FILE_DOWNLOAD_PATH}${encodeURIComponent(fileId)}`, baseUrl);
    url.searchParams.set("expires", String(expires));
    url.searchParams.set("signature", this.#sign(fileId, expires));
    return url.toString();
  }

  /**
   * The file id a URL grants, or why it does not: `forbidden` for a missing
   * or wrong signature, `expired` past its expiry.
   */
  check(url: URL, now: Date): { fileId: string } | { refused: "forbidden" | "expired" } {
    if (!url.pathname.startsWith(FILE_DOWNLOAD_PATH)) return { refused: "forbidden" };
    let fileId: string;
    try {
      fileId = decodeURIComponent(url.pathname.slice(FILE_DOWNLOAD_PATH.length));
    } catch {
      return { refused: "forbidden" };
    }
    const expiresText = url.searchParams.get("expires") ?? "";
    const given = Buffer.from(url.searchParams.get("signature") ?? "", "utf8");
    if (!/^\d{1,12}$/.test(expiresText)) return { refused: "forbidden" };
    const expected = Buffer.from(this.#sign(fileId, Number(expiresText)), "utf8");
    if (given.length !== expected.length || !timingSafeEqual(given, expected)) {
      return { refused: "forbidden" };
    }
    if (Math.floor(now.getTime() / 1000) > Number(expiresText)) return { refused: "expired" };
    return { fileId };
  }

  #sign(fileId: string, expires: number): string {
    return createHmac("sha256", this.#key).update(`${fileId}\n${expires}`).digest("hex");
  }
}

/** What a download needs of a request: HTTP/2's and HTTP/1.1's requests both have it. */
export interface DownloadRequest {
  readonly method?: string | undefined;
  readonly url?: string | undefined;
}

/** What a download needs of a response: HTTP/2's and HTTP/1.1's responses both have it. */
export interface DownloadResponse {
  writeHead(status: number, headers: Record<string, string>): unknown;
  end(chunk?: string | Uint8Array): unknown;
}

/** Whether a request is a file download (a plain GET under {@link FILE_DOWNLOAD_PATH}), not gRPC. */
export function isFileDownload(request: DownloadRequest): boolean {
  return (
    (request.method === "GET" || request.method === "HEAD") &&
    (request.url ?? "").startsWith(FILE_DOWNLOAD_PATH)
  );
}

/**
 * Serves a download URL on the emulator's own port (HTTP/2 cleartext, like
 * the gRPC services, or HTTP/1.1, which the Python SDK's httpx speaks):
 * 200 with the file's bytes and its mime type; 403 for a bad or expired
 * signature (as object storage answers); 404 when the file was deleted
 * meanwhile.
 */
export function handleFileDownload(
  request: DownloadRequest,
  response: DownloadResponse,
  signer: FileUrlSigner,
  files: FileStore,
): void {
  const checked = signer.check(new URL(request.url ?? "/", "http://emulator"), files.state.now());
  const plain = (status: number, text: string) => {
    response.writeHead(status, { "content-type": "text/plain; charset=utf-8" });
    if (request.method === "HEAD") response.end();
    else response.end(text);
  };
  if ("refused" in checked) {
    plain(403, checked.refused === "expired" ? "the URL has expired\n" : "bad signature\n");
    return;
  }
  const record = files.files.get(checked.fileId);
  if (record === undefined) {
    plain(404, `file ${checked.fileId} not found\n`);
    return;
  }
  response.writeHead(200, {
    "content-type": record.file.mimeType || "application/octet-stream",
    "content-length": String(record.content.byteLength),
  });
  if (request.method === "HEAD") response.end();
  else response.end(Buffer.from(record.content));
}
