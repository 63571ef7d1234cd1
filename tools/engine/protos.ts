import * as path from "path";

/**
 * The gRPC runtime and generated stubs, loaded from where `@pulumi/pulumi` resolves them. The stubs do
 * `instanceof` checks against google-protobuf's classes (Struct, Empty), so every message we build must come
 * from the same module copies the stubs use, never from a copy this project might resolve on its own.
 */
const pulumiDir = path.dirname(require.resolve("@pulumi/pulumi/package.json"));
const fromPulumi = (id: string) => require(require.resolve(id, { paths: [pulumiDir] }));

/* eslint-disable @typescript-eslint/no-explicit-any */
export const grpc: typeof import("@grpc/grpc-js") = fromPulumi("@grpc/grpc-js");
export const analyzerPb: any = require("@pulumi/pulumi/proto/analyzer_pb");
export const analyzerGrpc: any = require("@pulumi/pulumi/proto/analyzer_grpc_pb");
export const enginePb: any = require("@pulumi/pulumi/proto/engine_pb");
export const engineGrpc: any = require("@pulumi/pulumi/proto/engine_grpc_pb");
export const pluginPb: any = require("@pulumi/pulumi/proto/plugin_pb");
export const structPb: any = fromPulumi("google-protobuf/google/protobuf/struct_pb");
export const emptyPb: any = fromPulumi("google-protobuf/google/protobuf/empty_pb");
/* eslint-enable @typescript-eslint/no-explicit-any */

/** `pulumirpc.EnforcementLevel`. */
export const EnforcementLevelCode = { advisory: 0, mandatory: 1, disabled: 2, remediate: 3 } as const;
export type EnforcementLevel = keyof typeof EnforcementLevelCode;
export const enforcementLevelName = (code: number): EnforcementLevel =>
  (Object.entries(EnforcementLevelCode).find(([, c]) => c === code)?.[0] as EnforcementLevel | undefined) ?? "advisory";

/** `pulumirpc.PolicySeverity`: 0 unspecified, then low..critical. */
export type Severity = "unspecified" | "low" | "medium" | "high" | "critical";
export const SEVERITIES: readonly Severity[] = ["unspecified", "low", "medium", "high", "critical"];
export const severityName = (code: number): Severity => SEVERITIES[code] ?? "unspecified";
