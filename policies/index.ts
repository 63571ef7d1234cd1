import { PolicyPack } from "@pulumi/policy";
import { decodeEachStructOnce } from "./lib/decodeOnce";
import { PACK_NAME, policies } from "./registry";

// Before the pack is built: the SDK's RPC handlers look the decoder up on every call.
decodeEachStructOnce();

// Constructing the pack starts its gRPC server and prints the port on stdout: nothing else may write to stdout.
new PolicyPack(PACK_NAME, {
  description: "HIPAA Security Rule baseline (45 CFR 164 Subpart C) for the hipaa-guard PHI archive and workspace settings.",
  displayName: "hipaa-guard HIPAA baseline",
  policies,
});
