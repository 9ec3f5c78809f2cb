import { createRegistry, type Registry } from "@bufbuild/protobuf";
import { file_google_rpc_status } from "./gen/google/rpc/status_pb.js";
import { file_yandex_cloud_ai_assistants_v1_assistant } from "./gen/yandex/cloud/ai/assistants/v1/assistant_pb.js";
import { file_yandex_cloud_ai_assistants_v1_assistant_service } from "./gen/yandex/cloud/ai/assistants/v1/assistant_service_pb.js";
import { file_yandex_cloud_ai_assistants_v1_common } from "./gen/yandex/cloud/ai/assistants/v1/common_pb.js";
import { file_yandex_cloud_ai_assistants_v1_runs_run } from "./gen/yandex/cloud/ai/assistants/v1/runs/run_pb.js";
import { file_yandex_cloud_ai_assistants_v1_runs_run_service } from "./gen/yandex/cloud/ai/assistants/v1/runs/run_service_pb.js";
import { file_yandex_cloud_ai_assistants_v1_searchindex_common } from "./gen/yandex/cloud/ai/assistants/v1/searchindex/common_pb.js";
import { file_yandex_cloud_ai_assistants_v1_searchindex_search_index_file } from "./gen/yandex/cloud/ai/assistants/v1/searchindex/search_index_file_pb.js";
import { file_yandex_cloud_ai_assistants_v1_searchindex_search_index_file_service } from "./gen/yandex/cloud/ai/assistants/v1/searchindex/search_index_file_service_pb.js";
import { file_yandex_cloud_ai_assistants_v1_searchindex_search_index } from "./gen/yandex/cloud/ai/assistants/v1/searchindex/search_index_pb.js";
import { file_yandex_cloud_ai_assistants_v1_searchindex_search_index_service } from "./gen/yandex/cloud/ai/assistants/v1/searchindex/search_index_service_pb.js";
import { file_yandex_cloud_ai_assistants_v1_threads_message } from "./gen/yandex/cloud/ai/assistants/v1/threads/message_pb.js";
import { file_yandex_cloud_ai_assistants_v1_threads_message_service } from "./gen/yandex/cloud/ai/assistants/v1/threads/message_service_pb.js";
import { file_yandex_cloud_ai_assistants_v1_threads_thread } from "./gen/yandex/cloud/ai/assistants/v1/threads/thread_pb.js";
import { file_yandex_cloud_ai_assistants_v1_threads_thread_service } from "./gen/yandex/cloud/ai/assistants/v1/threads/thread_service_pb.js";
import { file_yandex_cloud_ai_common_common } from "./gen/yandex/cloud/ai/common/common_pb.js";
import { file_yandex_cloud_ai_files_v1_file } from "./gen/yandex/cloud/ai/files/v1/file_pb.js";
import { file_yandex_cloud_ai_files_v1_file_service } from "./gen/yandex/cloud/ai/files/v1/file_service_pb.js";
import { file_yandex_cloud_endpoint_api_endpoint } from "./gen/yandex/cloud/endpoint/api_endpoint_pb.js";
import { file_yandex_cloud_endpoint_api_endpoint_service } from "./gen/yandex/cloud/endpoint/api_endpoint_service_pb.js";
import { file_yandex_cloud_operation_operation } from "./gen/yandex/cloud/operation/operation_pb.js";
import { file_yandex_cloud_operation_operation_service } from "./gen/yandex/cloud/operation/operation_service_pb.js";
import { file_ycassistants_options_v1_options } from "./gen/ycassistants/options/v1/options_pb.js";

/**
 * Every message, enum, extension and service of the API's files, so that a
 * schema can be found by its full name: to read recorded traffic (where each
 * message names its type), or to decode `google.protobuf.Any`
 * (e.g. the SearchIndex packed in a done `Operation.response`: pass
 * `{ registry }` to `fromJson` / `toJson`, or use `anyUnpack(any, registry)`).
 *
 * @example
 * const schema = registry.getMessage("yandex.cloud.ai.assistants.v1.runs.Run");
 */
export const registry: Registry = createRegistry(
  file_google_rpc_status,
  file_yandex_cloud_ai_assistants_v1_assistant,
  file_yandex_cloud_ai_assistants_v1_assistant_service,
  file_yandex_cloud_ai_assistants_v1_common,
  file_yandex_cloud_ai_assistants_v1_runs_run,
  file_yandex_cloud_ai_assistants_v1_runs_run_service,
  file_yandex_cloud_ai_assistants_v1_searchindex_common,
  file_yandex_cloud_ai_assistants_v1_searchindex_search_index,
  file_yandex_cloud_ai_assistants_v1_searchindex_search_index_file,
  file_yandex_cloud_ai_assistants_v1_searchindex_search_index_file_service,
  file_yandex_cloud_ai_assistants_v1_searchindex_search_index_service,
  file_yandex_cloud_ai_assistants_v1_threads_message,
  file_yandex_cloud_ai_assistants_v1_threads_message_service,
  file_yandex_cloud_ai_assistants_v1_threads_thread,
  file_yandex_cloud_ai_assistants_v1_threads_thread_service,
  file_yandex_cloud_ai_common_common,
  file_yandex_cloud_ai_files_v1_file,
  file_yandex_cloud_ai_files_v1_file_service,
  file_yandex_cloud_endpoint_api_endpoint,
  file_yandex_cloud_endpoint_api_endpoint_service,
  file_yandex_cloud_operation_operation,
  file_yandex_cloud_operation_operation_service,
  file_ycassistants_options_v1_options,
);
