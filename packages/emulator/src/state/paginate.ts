import { invalidArgument, quoteInput } from "../errors.js";

/** Page size used when a List request leaves `page_size` at 0. */
export const DEFAULT_PAGE_SIZE = 100;
/** Largest page the emulator returns, whatever `page_size` asks for. */
export const MAX_PAGE_SIZE = 1000;

/** One page of a list and the token of the next one ("" on the last page). */
export interface Page<T> {
  readonly items: T[];
  readonly nextPageToken: string;
}

/** Something that can be listed: it carries its creation sequence number. */
export interface Sequenced {
  readonly seq: number;
}

/**
 * Pages `items` (any order; they are listed newest first, by creation
 * sequence, as the recordings show the real service does).
 *
 * The token is opaque to clients: it encodes the list it belongs to
 * (`scope`, e.g. `threads:<folder>`) and the sequence number of the last item
 * returned, so later pages stay stable when items are created or deleted in
 * between. A token that does not decode, or belongs to another list, is an
 * INVALID_ARGUMENT (issue 4: "a bad token → INVALID_ARGUMENT"). The next
 * token is empty exactly when no item is left.
 *
 * @example
 * const page = paginate(threads, `threads:${folderId}`, request.pageSize, request.pageToken);
 */
export function paginate<T extends Sequenced>(
  items: Iterable<T>,
  scope: string,
  pageSize: bigint,
  pageToken: string,
): Page<T> {
  if (pageSize < 0n) throw invalidArgument("page_size must not be negative");
  const size =
    pageSize === 0n
      ? DEFAULT_PAGE_SIZE
      : Number(pageSize > BigInt(MAX_PAGE_SIZE) ? BigInt(MAX_PAGE_SIZE) : pageSize);
  const after = pageToken === "" ? Number.POSITIVE_INFINITY : decodePageToken(scope, pageToken);
  const sorted = [...items].filter((item) => item.seq < after).sort((a, b) => b.seq - a.seq);
  const pageItems = sorted.slice(0, size);
  const last = pageItems.at(-1);
  const nextPageToken =
    sorted.length > size && last !== undefined ? encodePageToken(scope, last.seq) : "";
  return { items: pageItems, nextPageToken };
}

const TOKEN_VERSION = "v1";

/** The opaque token that continues `scope` after the item numbered `seq`. */
export function encodePageToken(scope: string, seq: number): string {
  return Buffer.from(`${TOKEN_VERSION}\n${scope}\n${seq}`, "utf8").toString("base64url");
}

/** The sequence number a token continues after; INVALID_ARGUMENT when bad. */
export function decodePageToken(scope: string, token: string): number {
  const bad = invalidArgument(`page_token ${quoteInput(token)} is not a valid page token`);
  if (!/^[A-Za-z0-9_-]+$/.test(token)) throw bad;
  const parts = Buffer.from(token, "base64url").toString("utf8").split("\n");
  if (parts.length !== 3 || parts[0] !== TOKEN_VERSION || parts[1] !== scope) throw bad;
  const seqText = parts[2] ?? "";
  if (!/^[0-9]{1,15}$/.test(seqText)) throw bad;
  return Number(seqText);
}
