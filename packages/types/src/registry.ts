import { createRegistry, type Registry } from "@bufbuild/protobuf";
import { file_yandex_cloud_ai_assistants_v1_assistant } from "./gen/yandex/cloud/ai/assistants/v1/assistant_pb.js";
import { file_yandex_cloud_ai_assistants_v1_assistant_service } from "./gen/yandex/cloud/ai/assistants/v1/assistant_service_pb.js";
import { file_yandex_cloud_ai_assistants_v1_common } from "./gen/yandex/cloud/ai/assistants/v1/common_pb.js";
import { file_yandex_cloud_ai_assistants_v1_runs_run } from "./gen/yandex/cloud/ai/assistants/v1/runs/run_pb.js";
import { file_yandex_cloud_ai_assistants_v1_runs_run_service } from "./gen/yandex/cloud/ai/assistants/v1/runs/run_service_pb.js";
import { file_yandex_cloud_ai_assistants_v1_searchindex_common } from "./gen/yandex/cloud/ai/assistants/v1/searchindex/common_pb.js";
import { file_yandex_cloud_ai_assistants_v1_searchindex_search_index } from "./gen/yandex/cloud/ai/assistants/v1/searchindex/search_index_pb.js";
import { file_yandex_cloud_ai_assistants_v1_threads_message } from "./gen/yandex/cloud/ai/assistants/v1/threads/message_pb.js";
import { file_yandex_cloud_ai_assistants_v1_threads_message_service } from "./gen/yandex/cloud/ai/assistants/v1/threads/message_service_pb.js";
import { file_yandex_cloud_ai_assistants_v1_threads_thread } from "./gen/yandex/cloud/ai/assistants/v1/threads/thread_pb.js";
import { file_yandex_cloud_ai_assistants_v1_threads_thread_service } from "./gen/yandex/cloud/ai/assistants/v1/threads/thread_service_pb.js";
import { file_yandex_cloud_ai_common_common } from "./gen/yandex/cloud/ai/common/common_pb.js";
import { file_yandex_cloud_ai_files_v1_file } from "./gen/yandex/cloud/ai/files/v1/file_pb.js";
import { file_ycassistants_options_v1_options } from "./gen/ycassistants/options/v1/options_pb.js";

/**
 * Every message, enum, extension and service of the API's files, so that a
 * schema can be found by its full name: to read recorded traffic (where each
 * message names its type), or to decode `google.protobuf.Any`.
 *
 * @example
 * const schema = registry.getMessage("yandex.cloud.ai.assistants.v1.runs.Run");
 */
export const registry: Registry = createRegistry(
  file_yandex_cloud_ai_assistants_v1_assistant,
  file_yandex_cloud_ai_assistants_v1_assistant_service,
  file_yandex_cloud_ai_assistants_v1_common,
  file_yandex_cloud_ai_assistants_v1_runs_run,
  file_yandex_cloud_ai_assistants_v1_runs_run_service,
  file_yandex_cloud_ai_assistants_v1_searchindex_common,
  file_yandex_cloud_ai_assistants_v1_searchindex_search_index,
  file_yandex_cloud_ai_assistants_v1_threads_message,
  file_yandex_cloud_ai_assistants_v1_threads_message_service,
  file_yandex_cloud_ai_assistants_v1_threads_thread,
  file_yandex_cloud_ai_assistants_v1_threads_thread_service,
  file_yandex_cloud_ai_common_common,
  file_yandex_cloud_ai_files_v1_file,
  file_ycassistants_options_v1_options,
);
