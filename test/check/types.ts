import type { PolicyPackSession } from "../../tools/engine/session";

export type PolicySession = PolicyPackSession & { log: string[] };
