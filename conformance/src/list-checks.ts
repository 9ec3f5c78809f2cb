/**
 * Checks of list steps: the items the client yielded against the items of every page on the
 * wire, and the real service's paging (issue 9, "Fidelity first": a non-empty
 * `next_page_token` on every non-empty page, the last one too; the request with that token
 * gets an empty page).
 */
import type { Message } from "@bufbuild/protobuf";
import type { ListExpect } from "./case-schema.js";
import type { WireCall } from "./wire-log.js";

const show = (v: unknown) =>
  JSON.stringify(v, (_k, x) => (typeof x === "bigint" ? x.toString() : x)) ?? String(v);

/**
 * Compares the client's items with the case's `count` / `ids` and, when the case leaves
 * `ids` out, with the ids the pages carried (every item of every page once, in order).
 */
export function checkList(
  expect: Pick<ListExpect, "count" | "ids" | "texts"> | undefined,
  ids: string[],
  wireIds: string[] | undefined,
  texts: { texts: string[]; wireTexts: string[] | undefined } | undefined,
): string[] {
  const out: string[] = [];
  if (expect?.count !== undefined && ids.length !== expect.count) {
    out.push(`expected ${expect.count} item(s), got ${ids.length}`);
  }
  const wantIds = expect?.ids ?? wireIds;
  if (wantIds && show(wantIds) !== show(ids)) {
    out.push(`items: expected ${show(wantIds)} (every item of every page, once), got ${show(ids)}`);
  }
  if (texts) {
    const want = expect?.texts ?? texts.wireTexts;
    if (want && show(want) !== show(texts.texts))
      out.push(`texts: expected ${show(want)}, got ${show(texts.texts)}`);
  }
  return out;
}

/** The items of one List response: its repeated message field (`files`, `indices`, ...). */
export function pageItems(call: WireCall): Message[] {
  const response = call.responses[0] as Record<string, unknown> | undefined;
  if (!response) return [];
  const field = call.method.output.fields.find(
    (f) => f.fieldKind === "list" && f.listKind === "message",
  );
  return field ? ((response[field.localName] as Message[] | undefined) ?? []) : [];
}

/** The ids of the items of every page, in order. */
export function pageIds(calls: readonly WireCall[]): string[] {
  return calls.flatMap((c) => pageItems(c).map((m) => String((m as { id?: unknown }).id ?? "")));
}

function tokenOf(call: WireCall): string {
  return String(
    (call.responses[0] as { nextPageToken?: unknown } | undefined)?.nextPageToken ?? "",
  );
}

function requestToken(call: WireCall): string {
  return String((call.requests[0] as { pageToken?: unknown } | undefined)?.pageToken ?? "");
}

/**
 * `pages: N`: the list took exactly N + 1 calls; each of the N pages had items and a
 * non-empty token, which the next request carried; the last call got an empty page without
 * a token (the real service's paging, issue 9). `any`: that shape, any number of pages.
 */
export function checkPages(calls: readonly WireCall[], pages: number | "any"): string[] {
  const out: string[] = [];
  const rpc = calls[0]?.rpc ?? "List";
  if (pages === "any") {
    if (calls.length === 0) out.push(`paging: no ${rpc} call`);
  } else if (calls.length !== pages + 1) {
    out.push(
      `paging: expected ${pages} page(s) and one empty page, so ${pages + 1} ${rpc} call(s), got ${calls.length}`,
    );
  }
  calls.forEach((c, i) => {
    const items = pageItems(c).length;
    const token = tokenOf(c);
    if (i > 0 && requestToken(c) !== tokenOf(calls[i - 1] as WireCall)) {
      out.push(`paging: call #${i + 1} did not carry the token of page ${i}`);
    }
    if (i < calls.length - 1) {
      if (items === 0) out.push(`paging: page ${i + 1} is empty but not the last`);
      if (token === "") out.push(`paging: page ${i + 1} (${items} item(s)) has no next_page_token`);
    } else {
      if (items !== 0)
        out.push(`paging: the last call got ${items} item(s), expected an empty page`);
      if (token !== "") out.push(`paging: the last (empty) page has a token ${show(token)}`);
    }
  });
  return out;
}
