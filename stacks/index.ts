import * as pulumi from "@pulumi/pulumi";
import { loadArchiveConfig } from "./archive/config";
import { PhiArchive } from "./archive/phiArchive";

/**
 * The hipaa-guard program. All config is read and validated before the first resource is registered, so a
 * bad value stops the run with one message and nothing half-declared.
 */
export = async () => {
  const namespace = pulumi.getProject();
  const archiveConfig = loadArchiveConfig(namespace);
  const archive = new PhiArchive("phi-archive", archiveConfig);
  return { archive: archive.outputs };
};
