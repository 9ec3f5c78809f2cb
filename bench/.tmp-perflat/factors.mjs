// Client CPU per unary Get, by layer, interleaved; server CPU too.
import { createClient } from "@connectrpc/connect";
import { createGrpcTransport } from "@connectrpc/connect-node";
import { RunService } from "@yc-assistants/types/runs";
import { startEmu } from "./emu.mjs";
import { SetupClient, apiKeyInterceptor } from "/work/wt-perf-latency/bench/dist/setup-client.js";
const T = "/work/wt-perf-latency/packages/client/dist/transport/";
const { createClientGrpcTransport } = await import(T + "grpc-transport.js");
const { applyInterceptors } = await import(T + "apply-interceptors.js");
const { requestIdInterceptor } = await import(T + "request-id-interceptor.js");
const { retryInterceptor } = await import(T + "retry-interceptor.js");
const { defaultRetryPolicy } = await import(T + "retry-policy.js");
const { authInterceptor, resolveAuth } = await import(T + "auth.js");
const { credentialsGuardInterceptor } = await import(T + "credentials-guard.js");
const { redactInterceptor, Redactor } = await import(T + "redact.js");
const { transportFaultInterceptor } = await import(T + "transport-fault.js");
const { AssistantsClient } = await import("/work/wt-perf-latency/packages/client/dist/index.js");
const em = await startEmu([], JSON.parse(process.env.EMU ?? "{}"));
const raw = new SetupClient(em.url, "k");
const a = await raw.assistant(); const th = await raw.thread("short");
const { id } = await raw.finishedRun(a, th);
const redactor = new Redactor(); const auth = resolveAuth({ apiKey: "k" }, {}, redactor);
const policy = { ...defaultRetryPolicy };
const layers = [
  ["connect createGrpcTransport + api key", () => createGrpcTransport({ baseUrl: em.url, interceptors: [apiKeyInterceptor("k")] })],
  ["our inner transport alone + api key", () => createClientGrpcTransport(em.url, 4 << 20), true],
  ["+ applyInterceptors, call timeoutMs 0", () => applyInterceptors(createClientGrpcTransport(em.url, 4 << 20), { interceptors: [apiKeyInterceptor("k")], defaultTimeoutMs: 60000, baseUrl: em.url }), false, 0],
  ["+ applyInterceptors deadline 60s", () => applyInterceptors(createClientGrpcTransport(em.url, 4 << 20), { interceptors: [apiKeyInterceptor("k")], defaultTimeoutMs: 60000, baseUrl: em.url })],
  ["+ requestId", () => applyInterceptors(createClientGrpcTransport(em.url, 4 << 20), { interceptors: [requestIdInterceptor(), apiKeyInterceptor("k")], defaultTimeoutMs: 60000, baseUrl: em.url })],
  ["+ retry", () => applyInterceptors(createClientGrpcTransport(em.url, 4 << 20), { interceptors: [requestIdInterceptor(), retryInterceptor(policy), apiKeyInterceptor("k")], defaultTimeoutMs: 60000, baseUrl: em.url })],
  ["+ auth (ours) ", () => applyInterceptors(createClientGrpcTransport(em.url, 4 << 20), { interceptors: [requestIdInterceptor(), retryInterceptor(policy), authInterceptor(auth)], defaultTimeoutMs: 60000, baseUrl: em.url })],
  ["+ credentials guard", () => applyInterceptors(createClientGrpcTransport(em.url, 4 << 20), { interceptors: [requestIdInterceptor(), retryInterceptor(policy), authInterceptor(auth), credentialsGuardInterceptor()], defaultTimeoutMs: 60000, baseUrl: em.url })],
  ["+ redact + fault (= our chain)", () => applyInterceptors(createClientGrpcTransport(em.url, 4 << 20), { interceptors: [requestIdInterceptor(), retryInterceptor(policy), authInterceptor(auth), credentialsGuardInterceptor(), redactInterceptor(redactor), transportFaultInterceptor()], defaultTimeoutMs: 60000, baseUrl: em.url })],
];
const clients = layers.map(([name, mk, addKey, timeoutMs]) => {
  const c = createClient(RunService, mk());
  const headers = addKey ? { authorization: "Api-Key k" } : undefined;
  return [name, { get: (req) => c.get(req, { headers, ...(timeoutMs === undefined ? {} : { timeoutMs }) }) }];
});
const ours = new AssistantsClient({ endpoint: em.url, folderId: "b1gbenchfolder0000000", auth: { apiKey: "k" } });
clients.push(["AssistantsClient runs.get", { get: () => ours.runs.get(id) }]);
const N = Number(process.argv[2] ?? 1000), ROUNDS = Number(process.argv[3] ?? 4);
const cpu = clients.map(() => []), srv = clients.map(() => []), lat = clients.map(() => []);
for (const [, c] of clients) for (let i = 0; i < 200; i++) await c.get({ runId: id });
for (let r = 0; r < ROUNDS; r++) {
  for (let k = 0; k < clients.length; k++) {
    const c = clients[k][1];
    const s0 = await em.cpuMs(); const c0 = process.cpuUsage(); const t = [];
    for (let i = 0; i < N; i++) { const t0 = performance.now(); await c.get({ runId: id }); t.push(performance.now() - t0); }
    const c1 = process.cpuUsage(c0); const s1 = await em.cpuMs();
    cpu[k].push((c1.user + c1.system) / N); srv[k].push(((s1 - s0) * 1000) / N);
    t.sort((x, y) => x - y); lat[k].push(t[N >> 1]);
  }
}
const med = (xs) => [...xs].sort((x, y) => x - y)[xs.length >> 1];
for (let k = 0; k < clients.length; k++) console.log(`${clients[k][0].padEnd(40)} client ${med(cpu[k]).toFixed(0).padStart(5)} us  server ${med(srv[k]).toFixed(0).padStart(5)} us  p50 ${med(lat[k]).toFixed(3)} ms`);
await em.close(); process.exit(0);
