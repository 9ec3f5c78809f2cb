import { clone } from "@bufbuild/protobuf";
import type { ServiceImpl } from "@connectrpc/connect";
import {
  CreateMessageRequestSchema,
  GetMessageRequestSchema,
  ListMessagesRequestSchema,
  MessageSchema,
  type MessageService,
} from "@yc-assistants/types/threads";
import { notFound } from "../errors.js";
import { validateRequest } from "../validation.js";
import type { ServiceContext } from "./service-context.js";

/**
 * MessageService: Create, Get, and the server-streaming List, newest first
 * (as recorded: ten messages "0".."9" come back "9".."0").
 */
export function messageService({ state }: ServiceContext): ServiceImpl<typeof MessageService> {
  return {
    create(request) {
      validateRequest(CreateMessageRequestSchema, request);
      const thread = state.getThread(request.threadId);
      const message = state.writeMessage(thread, request);
      return clone(MessageSchema, message);
    },

    get(request) {
      validateRequest(GetMessageRequestSchema, request);
      const thread = state.getThread(request.threadId);
      const found = thread.messages.find((m) => m.message.id === request.messageId);
      if (found === undefined) throw notFound("message", request.messageId);
      return clone(MessageSchema, found.message);
    },

    async *list(request) {
      validateRequest(ListMessagesRequestSchema, request);
      const thread = state.getThread(request.threadId);
      // A snapshot: messages written while the stream is sent are not in it.
      const snapshot = [...thread.messages].reverse().map((m) => clone(MessageSchema, m.message));
      for (const message of snapshot) yield message;
    },
  };
}
