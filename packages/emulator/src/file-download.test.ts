import { describe, expect, it } from "vitest";
import { FILE_DOWNLOAD_PATH, FILE_URL_TTL_SECONDS, FileUrlSigner } from "./file-download.js";

describe("FileUrlSigner", () => {
  const now = new Date("2026-01-01T00:00:00Z");

  it("makes URLs on the emulator's address that it accepts until they expire", () => {
    const signer = new FileUrlSigner();
    const url = new URL(signer.url("http://127.0.0.1:5000", "fvt123", now));
    expect(url.origin).toBe("http://127.0.0.1:5000");
    expect(url.pathname).toBe(`${FILE_DOWNLOAD_PATH}fvt123`);
    expect(signer.check(url, now)).toEqual({ fileId: "fvt123" });
    const late = new Date(now.getTime() + (FILE_URL_TTL_SECONDS + 1) * 1000);
    expect(signer.check(url, late)).toEqual({ refused: "expired" });
  });

  it("refuses a changed file id, expiry or signature, and another emulator's URLs", () => {
    const signer = new FileUrlSigner();
    const url = signer.url("http://127.0.0.1:5000", "fvt123", now);
    for (const changed of [
      url.replace("fvt123", "fvt124"),
      url.replace(/expires=\d+/, "expires=9999999999"),
      url.replace(/signature=[0-9a-f]+/, `signature=${"0".repeat(64)}`),
      url.replace(/&signature=[0-9a-f]+/, ""),
    ]) {
      expect(signer.check(new URL(changed), now)).toEqual({ refused: "forbidden" });
    }
    expect(new FileUrlSigner().check(new URL(url), now)).toEqual({ refused: "forbidden" });
  });
});
