import type { RunEngine } from "../run-engine.js";
import type { EmulatorState } from "../state/emulator-state.js";

/** What every service implementation of one emulator instance shares. */
export interface ServiceContext {
  readonly state: EmulatorState;
  readonly engine: RunEngine;
  readonly limits: { readonly maxRuns?: number | undefined };
  readonly quirks: {
    readonly submitInAnyState?: boolean | undefined;
    readonly ignoreEventsStartIdx?: boolean | undefined;
  };
}
