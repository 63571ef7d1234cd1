import * as pulumi from "@pulumi/pulumi";

/** The sentinel the engine sends for values that are not known until the resource exists. */
export const UNKNOWN = "04da6b54-80e4-46f7-96ec-b56ff0331ba9";

export const MOCK_ACCOUNT_ID = "111122223333";
const MOCK_CUSTOMER_ID = "C0mock123";

type State = Record<string, unknown>;

interface ResourceShape {
  /** Physical id the provider would assign. */
  id(name: string, inputs: State, region: string): string;
  /** Computed outputs, as the real provider fills them after create. */
  outputs?(name: string, inputs: State, region: string, id: string): State;
}

const arn = (service: string, region: string, resource: string) =>
  `arn:aws:${service}:${region}:${MOCK_ACCOUNT_ID}:${resource}`;

/** Auto-naming as Pulumi does it: the logical name plus a random-looking suffix, here stable (FNV-1a of the name). */
function autoName(name: string): string {
  let hash = 0x811c9dc5;
  for (const char of name) hash = Math.imul(hash ^ char.charCodeAt(0), 0x01000193) >>> 0;
  return `${name}-${hash.toString(16).padStart(8, "0").slice(0, 7)}`;
}

const bucketShape: ResourceShape = {
  id: (name, inputs) => (inputs.bucket as string | undefined) ?? autoName(name),
  outputs: (_name, _inputs, region, id) => ({
    bucket: id,
    arn: `arn:aws:s3:::${id}`,
    region,
    bucketDomainName: `${id}.s3.amazonaws.com`,
  }),
};

const shapes: Record<string, ResourceShape> = {
  "aws:s3/bucket:Bucket": bucketShape,
  "aws:s3/bucketV2:BucketV2": bucketShape,
  "aws:kms/key:Key": {
    id: (name) => `mrk-${autoName(name)}`,
    outputs: (_n, _i, region, id) => ({ keyId: id, arn: arn("kms", region, `key/${id}`) }),
  },
  "aws:kms/alias:Alias": {
    id: (_n, inputs) => String(inputs.name),
    outputs: (_n, inputs, region) => ({ arn: arn("kms", region, String(inputs.name)) }),
  },
  "aws:cloudtrail/trail:Trail": {
    id: (name, inputs) => (inputs.name as string | undefined) ?? autoName(name),
    outputs: (_n, _i, region, id) => ({ arn: arn("cloudtrail", region, `trail/${id}`), homeRegion: region }),
  },
  "aws:cloudwatch/logGroup:LogGroup": {
    id: (name, inputs) => (inputs.name as string | undefined) ?? autoName(name),
    outputs: (_n, _i, region, id) => ({ name: id, arn: arn("logs", region, `log-group:${id}`) }),
  },
  "aws:iam/role:Role": {
    id: (name, inputs) => (inputs.name as string | undefined) ?? autoName(name),
    outputs: (_n, _i, _r, id) => ({ name: id, arn: `arn:aws:iam::${MOCK_ACCOUNT_ID}:role/${id}` }),
  },
  "googleworkspace:index/orgUnit:OrgUnit": {
    id: (name) => `id:03ph${autoName(name).replace(/[^a-z0-9]/g, "")}`,
    outputs: (_n, inputs, _r, id) => ({
      orgUnitId: id,
      orgUnitPath: `${String(inputs.parentOrgUnitPath ?? "").replace(/\/$/, "")}/${inputs.name}`,
    }),
  },
  "gcp:cloudidentity/policy:Policy": {
    id: (name) => `policies/${autoName(name).replace(/[^a-z0-9]/g, "")}`,
    outputs: (_n, _i, _r, id) => ({ name: id }),
  },
};

const invokes: Record<string, (args: State) => State> = {
  "aws:index/getCallerIdentity:getCallerIdentity": () => ({
    accountId: MOCK_ACCOUNT_ID,
    arn: `arn:aws:iam::${MOCK_ACCOUNT_ID}:user/platform-engineer`,
    userId: "AIDAMOCKUSER",
    id: MOCK_ACCOUNT_ID,
  }),
  "aws:index/getPartition:getPartition": () => ({ partition: "aws", dnsSuffix: "amazonaws.com", id: "aws" }),
  "gcp:organizations/getClientConfig:getClientConfig": () => ({ project: "mock-project", id: MOCK_CUSTOMER_ID }),
};

function regionOf(inputs: State): string {
  return typeof inputs.region === "string" ? inputs.region : "us-east-1";
}

/**
 * Mocks that answer like the real providers: a stable physical id and the computed outputs (ARNs, names,
 * ids). With `preview` set, computed outputs of new resources stay unknown, as in a first real preview.
 */
export function providerMocks(preview: boolean): pulumi.runtime.Mocks {
  return {
    newResource(args: pulumi.runtime.MockResourceArgs) {
      const shape = shapes[args.type];
      const region = regionOf(args.inputs);
      const id = args.id || (shape ? shape.id(args.name, args.inputs, region) : autoName(args.name));
      const computed = shape?.outputs?.(args.name, args.inputs, region, id) ?? {};
      const shown = preview && !args.id ? Object.fromEntries(Object.keys(computed).map((k) => [k, UNKNOWN])) : computed;
      return { id: preview && !args.id ? "" : id, state: { ...args.inputs, ...shown } };
    },
    call(args: pulumi.runtime.MockCallArgs) {
      const answer = invokes[args.token];
      if (!answer) {
        throw new Error(`no offline answer for the function ${args.token}; add one in tools/offline/providerMocks.ts`);
      }
      return answer(args.inputs);
    },
  };
}
