import type { EmulatorAddress, FileUrlSigner } from "../file-download.js";
import type { RunEngine } from "../run-engine.js";
import type { EmulatorState } from "../state/emulator-state.js";
import type { FileStore } from "../state/file-store.js";
import type { OperationStore } from "../state/operation-store.js";
import type { SearchIndexStore } from "../state/search-index-store.js";

/** What every service implementation of one emulator instance shares. */
export interface ServiceContext {
  readonly state: EmulatorState;
  readonly engine: RunEngine;
  readonly limits: {
    readonly maxRuns?: number | undefined;
    /** Largest file content, in bytes (issue 9). */
    readonly maxFileBytes?: number | undefined;
  };
  readonly quirks: {
    readonly submitInAnyState?: boolean | undefined;
    readonly ignoreEventsStartIdx?: boolean | undefined;
  };
  /** Files (FileService, issue 9). */
  readonly files: FileStore;
  /** Long-running operations (OperationService, issue 9). */
  readonly operations: OperationStore;
  /** Search indexes (SearchIndexService, SearchIndexFileService, issue 9). */
  readonly searchIndexes: SearchIndexStore;
  /** Signs the download URLs of FileService.GetUrl. */
  readonly fileUrls: FileUrlSigner;
  /** The emulator's own address (download URLs, endpoint discovery). */
  readonly address: EmulatorAddress;
}
