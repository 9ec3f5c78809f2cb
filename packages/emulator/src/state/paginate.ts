import type { Timestamp } from "@bufbuild/protobuf/wkt";
import { invalidArgument, quoteInput } from "../errors.js";

/** Page size used when a List request leaves `page_size` at 0 (recorded pages of 26 items fit). */
export const DEFAULT_PAGE_SIZE = 100;
/** Largest page the emulator returns, whatever `page_size` asks for. */
export const MAX_PAGE_SIZE = 1000;

/** One page of a list and the token of the next one (`""` only on an empty page). */
export interface Page<T> {
  readonly items: T[];
  readonly nextPageToken: string;
}

/** Where an item stands in its list: when it was created and its id. */
export interface PageKey {
  /** Lists are ordered by this, newest first; absent counts as the epoch. */
  readonly createdAt?: Timestamp | undefined;
  readonly id: string;
}

/**
 * Pages `items` the way the real service does (issue 9, "Fidelity first";
 * `../shared/fixtures/yandex-recorded/test_assistants/test_assistant_list.json`,
 * `test_threads/test_thread_list.json`, `yandex-recorded-files/test_files/test_file_list.json`):
 *
 * - items come newest first by `created_at` (the recorded order; items created
 *   in the same instant keep their reverse input order, so pass them in
 *   creation order, as a `Map` iterates);
 * - every non-empty page carries a non-empty `next_page_token`, the last one
 *   too; the request with the last page's token gets an empty page with an
 *   empty token (the Python SDK stops only there);
 * - the token is base64 of `<created_at>@<id>` of the page's last item, the
 *   time written like the recorded tokens (`2025-07-17T17:48:32.416684`:
 *   microseconds, no zone, UTC);
 * - a token names a position, not an offset: the next page holds the items
 *   after that item, so items created or deleted in between neither shift nor
 *   repeat the rest. When the named item itself was deleted, the page starts
 *   at its time (items created in that same instant may come again; none is
 *   skipped);
 * - a token that does not decode is INVALID_ARGUMENT (not recorded; issue 4:
 *   "a bad token → INVALID_ARGUMENT"), as is a negative `page_size`.
 *
 * Generic over the item so files, search indexes and search index files can
 * reuse it unchanged: `keyOf` says where an item stands.
 *
 * @example
 * const page = paginate(mine, (r) => r.thread, request.pageSize, request.pageToken);
 * return { threads: page.items.map((r) => r.thread), nextPageToken: page.nextPageToken };
 */
export function paginate<T>(
  items: Iterable<T>,
  keyOf: (item: T) => PageKey,
  pageSize: bigint,
  pageToken: string,
): Page<T> {
  if (pageSize < 0n) throw invalidArgument("page_size must not be negative");
  const size =
    pageSize === 0n
      ? DEFAULT_PAGE_SIZE
      : Number(pageSize > BigInt(MAX_PAGE_SIZE) ? BigInt(MAX_PAGE_SIZE) : pageSize);
  const anchor = pageToken === "" ? undefined : decodePageToken(pageToken);
  const ordered = [...items]
    .map((item, index) => ({ item, index, key: keyOf(item) }))
    .map((entry) => ({ ...entry, nanos: nanosOf(entry.key.createdAt) }))
    .sort((a, b) => (a.nanos === b.nanos ? b.index - a.index : a.nanos > b.nanos ? -1 : 1));
  let start = 0;
  if (anchor !== undefined) {
    const at = ordered.findIndex((entry) => entry.key.id === anchor.id);
    start =
      at >= 0
        ? at + 1
        : // The named item is gone: continue from its time (see above).
          ordered.findIndex((entry) => truncateToMicros(entry.nanos) <= anchor.micros);
    if (start < 0) start = ordered.length;
  }
  const pageItems = ordered.slice(start, start + size);
  const last = pageItems.at(-1);
  return {
    items: pageItems.map((entry) => entry.item),
    nextPageToken: last === undefined ? "" : encodePageToken(last.key),
  };
}

/**
 * The opaque token that continues a list after `key`: base64 of
 * `<created_at>@<id>`, as the real service's tokens decode.
 *
 * @example
 * encodePageToken({ createdAt: timestampFromDate(new Date("2025-07-17T17:48:32.416Z")), id: "fvt1" });
 * // base64 of "2025-07-17T17:48:32.416000@fvt1"
 */
export function encodePageToken(key: PageKey): string {
  return Buffer.from(`${formatTokenTime(nanosOf(key.createdAt))}@${key.id}`, "utf8").toString(
    "base64",
  );
}

/** What a page token names: the time (in microseconds since the epoch) and id of an item. */
export interface PagePosition {
  readonly micros: bigint;
  readonly id: string;
}

const TOKEN_TIME = /^(\d{4})-(\d\d)-(\d\d)T(\d\d):(\d\d):(\d\d)(?:\.(\d{1,9}))?(Z|[+-]\d\d:\d\d)?$/;

/**
 * The position a token names; INVALID_ARGUMENT when it is not base64 of
 * `<RFC 3339 time>@<id>` (a time without a zone is UTC, as recorded).
 */
export function decodePageToken(token: string): PagePosition {
  const bad = invalidArgument(`page_token ${quoteInput(token)} is not a valid page token`);
  if (!/^[A-Za-z0-9+/]+={0,2}$/.test(token) || token.length % 4 === 1) throw bad;
  const text = Buffer.from(token, "base64").toString("utf8");
  const at = text.lastIndexOf("@");
  if (at <= 0 || at === text.length - 1) throw bad;
  const time = TOKEN_TIME.exec(text.slice(0, at));
  const id = text.slice(at + 1);
  if (time === null || !/^[A-Za-z0-9_-]+$/.test(id)) throw bad;
  const [, y, mo, d, h, mi, s, fraction = "", zone = "Z"] = time;
  const millis = Date.parse(`${y}-${mo}-${d}T${h}:${mi}:${s}${zone}`);
  if (Number.isNaN(millis)) throw bad;
  const micros = BigInt(millis) * 1000n + BigInt(fraction.padEnd(6, "0").slice(0, 6));
  return { micros, id };
}

function nanosOf(t: Timestamp | undefined): bigint {
  return t === undefined ? 0n : t.seconds * 1_000_000_000n + BigInt(t.nanos);
}

function truncateToMicros(nanos: bigint): bigint {
  return nanos >= 0n ? nanos / 1000n : (nanos - 999n) / 1000n;
}

/** `2025-07-17T17:48:32.416684`: the recorded tokens' time (UTC, microseconds, no zone). */
function formatTokenTime(nanos: bigint): string {
  const micros = truncateToMicros(nanos);
  const millis = micros >= 0n ? micros / 1000n : (micros - 999n) / 1000n;
  const iso = new Date(Number(millis)).toISOString(); // 2025-07-17T17:48:32.416Z
  const fraction = (micros - millis * 1000n).toString().padStart(3, "0");
  return `${iso.slice(0, 23)}${fraction}`;
}
