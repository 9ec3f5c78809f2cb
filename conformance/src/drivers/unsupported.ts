/**
 * What a client's `unsupported` names (PROTOCOL.md, "Unsupported") mean for the checks: an
 * expectation a case writes out of such a field makes the case not applicable (never passed);
 * a field the case leaves out is then not compared with the wire either (issue 11: "A field the
 * client does not offer is reported as unsupported ... counted as not applicable").
 */
import { NotApplicableError } from "./client-driver.js";

const FLAG_NAMES = {
  isRunning: "status.is_running",
  isSucceeded: "status.is_succeeded",
  isFailed: "status.is_failed",
  isFinished: "status.is_finished",
  statusName: "status.status_name",
} as const;

/** Expectation keys and the unsupported names they need. */
const NEEDS: Readonly<Record<string, string>> = {
  ...FLAG_NAMES,
  parts: "result.parts",
  citations: "result.citations",
  usage: "result.usage",
  delta: "event.delta",
};

/** True when `name` (or the group it belongs to) is unsupported. */
export function isUnsupported(unsupported: ReadonlySet<string>, name: string): boolean {
  if (unsupported.has(name)) return true;
  return name.startsWith("status.") && name !== "status.raw" && unsupported.has("status.flags");
}

/**
 * Throws NotApplicableError when an expectation writes out a field the client does not offer.
 * Looks into stream expectations too (`events`, `first`, `last`).
 */
export function requireSupported(
  unsupported: ReadonlySet<string>,
  expect: object | undefined,
  where: string,
): void {
  if (!expect || unsupported.size === 0) return;
  const visit = (e: Record<string, unknown>, path: string) => {
    for (const [key, value] of Object.entries(e)) {
      const need = NEEDS[key];
      if (need && value !== undefined && isUnsupported(unsupported, need)) {
        throw new NotApplicableError(
          `${where}: the case expects ${path}${key}, which the client reports as unsupported (${need})`,
        );
      }
    }
    for (const key of ["first", "last"]) {
      const sub = e[key];
      if (sub && typeof sub === "object") visit(sub as Record<string, unknown>, `${key}.`);
    }
    const events = e["events"];
    if (Array.isArray(events)) {
      events.forEach((ev, i) => {
        if (ev && typeof ev === "object") visit(ev as Record<string, unknown>, `events[${i}].`);
      });
    }
  };
  visit(expect as Record<string, unknown>, "");
}

/**
 * The keys the checks (checks.ts `skip`) must not compare for a client with these unsupported
 * names: flags, `raw`, `parts`, `citations`, `usage`, `delta`.
 */
export function skippedChecks(unsupported: ReadonlySet<string>): ReadonlySet<string> {
  const out = new Set<string>();
  for (const [key, name] of Object.entries(NEEDS)) {
    if (isUnsupported(unsupported, name)) out.add(key);
  }
  if (unsupported.has("status.raw")) out.add("raw");
  return out;
}
