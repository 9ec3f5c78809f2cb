import { clone, create } from "@bufbuild/protobuf";
import type { ServiceImpl } from "@connectrpc/connect";
import {
  CreateThreadRequestSchema,
  DeleteThreadRequestSchema,
  GetThreadRequestSchema,
  ListThreadsRequestSchema,
  ThreadSchema,
  type ThreadService,
  UpdateThreadRequestSchema,
} from "@yc-assistants/types/threads";
import { applyFieldMask } from "../field-mask.js";
import type { ThreadRecord } from "../state/emulator-state.js";
import { paginate } from "../state/paginate.js";
import { validateRequest } from "../validation.js";
import { normalizeTool } from "./normalize-tool.js";
import type { ServiceContext } from "./service-context.js";

/**
 * ThreadService: Create (with initial messages), Get, Update (field masks),
 * Delete (its messages and runs go too), List (issue 4). A thread gets a
 * `default_message_author_id` when the request has none, as recorded: the
 * author of its USER messages.
 */
export function threadService({ state }: ServiceContext): ServiceImpl<typeof ThreadService> {
  return {
    create(request) {
      validateRequest(CreateThreadRequestSchema, request);
      // Before the id: a bad expiration config must not use up an id.
      const bookkeeping = state.resourceFields(request.expirationConfig);
      const thread = create(ThreadSchema, {
        id: state.ids.next(),
        folderId: request.folderId,
        name: request.name,
        description: request.description,
        defaultMessageAuthorId: request.defaultMessageAuthorId || state.ids.next(),
        ...bookkeeping,
        labels: { ...request.labels },
        tools: request.tools.map(normalizeTool),
      });
      const record: ThreadRecord = { thread, seq: state.nextSeq(), messages: [], runs: [] };
      state.threads.set(thread.id, record);
      for (const message of request.messages) state.writeMessage(record, message);
      return clone(ThreadSchema, thread);
    },

    get(request) {
      validateRequest(GetThreadRequestSchema, request);
      return clone(ThreadSchema, state.getThread(request.threadId).thread);
    },

    update(request) {
      validateRequest(UpdateThreadRequestSchema, request);
      const record = state.getThread(request.threadId);
      const updated = applyFieldMask(
        UpdateThreadRequestSchema,
        request,
        ThreadSchema,
        record.thread,
        request.updateMask?.paths ?? [],
        ["thread_id", "update_mask"],
      );
      state.touchResource(updated);
      record.thread = updated;
      return clone(ThreadSchema, updated);
    },

    delete(request) {
      validateRequest(DeleteThreadRequestSchema, request);
      state.deleteThread(state.getThread(request.threadId));
      return {};
    },

    list(request) {
      validateRequest(ListThreadsRequestSchema, request);
      const mine = [...state.threads.values()].filter(
        (r) => r.thread.folderId === request.folderId,
      );
      const page = paginate(mine, (r) => r.thread, request.pageSize, request.pageToken);
      return {
        threads: page.items.map((r) => clone(ThreadSchema, r.thread)),
        nextPageToken: page.nextPageToken,
      };
    },
  };
}
