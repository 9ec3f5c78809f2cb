/**
 * ResourceView: the fields every resource handle of the API shows the same way (assistant,
 * thread, file, search index): ids, names, labels, bookkeeping, expiry. Internal base class.
 *
 * @module
 */
import type { Timestamp } from "@bufbuild/protobuf/wkt";
import { timestampDate } from "@bufbuild/protobuf/wkt";
import type { ExpirationConfig } from "@yc-assistants/types/common";
import { type ExpirationOption, expirationFromProto } from "./model-options.js";

/** The fields of the wire messages behind the views. */
export interface ResourceMessage {
  readonly id: string;
  readonly folderId: string;
  readonly name: string;
  readonly description: string;
  readonly labels: { [key: string]: string };
  readonly expirationConfig?: ExpirationConfig;
  readonly createdBy: string;
  readonly createdAt?: Timestamp;
  readonly updatedBy: string;
  readonly updatedAt?: Timestamp;
  readonly expiresAt?: Timestamp;
}

/**
 * The common getters of a resource handle over its raw message `proto` (timestamps as
 * `Date`, expiry as an {@link ExpirationOption}).
 */
export abstract class ResourceView<M extends ResourceMessage> {
  /** The raw message. */
  readonly proto: M;

  protected constructor(proto: M) {
    this.proto = proto;
  }

  /** Resource id. */
  get id(): string {
    return this.proto.id;
  }
  /** Folder id. */
  get folderId(): string {
    return this.proto.folderId;
  }
  /** Display name (`""` when none was given). */
  get name(): string {
    return this.proto.name;
  }
  /** Description. */
  get description(): string {
    return this.proto.description;
  }
  /** Labels. */
  get labels(): Readonly<Record<string, string>> {
    return this.proto.labels;
  }
  /** Expiration settings, when set. */
  get expiration(): ExpirationOption | undefined {
    return expirationFromProto(this.proto.expirationConfig);
  }
  /** Who created it. */
  get createdBy(): string {
    return this.proto.createdBy;
  }
  /** When it was created. */
  get createdAt(): Date | undefined {
    return this.proto.createdAt && timestampDate(this.proto.createdAt);
  }
  /** Who changed it last. */
  get updatedBy(): string {
    return this.proto.updatedBy;
  }
  /** When it was changed last. */
  get updatedAt(): Date | undefined {
    return this.proto.updatedAt && timestampDate(this.proto.updatedAt);
  }
  /** When it expires. */
  get expiresAt(): Date | undefined {
    return this.proto.expiresAt && timestampDate(this.proto.expiresAt);
  }
}
