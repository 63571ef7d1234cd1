/** A policy pack that cannot start is a clear error, never a hang, and the process is always gone afterwards. */
import * as path from "path";
import { openPolicyPack } from "../../tools/engine/session";
import { PolicyPackStartError, startPolicyPack } from "../../tools/engine/policyPackProcess";
import { main } from "../../tools/check/cli";

jest.setTimeout(60_000);

const PACKS = path.join(__dirname, "../fixtures/packs");
const alive = (pid: number) => {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
};

async function failure(packDir: string, timeoutMs = 20_000): Promise<{ error: Error; ms: number }> {
  const started = Date.now();
  const error = await openPolicyPack({ packDir, timeoutMs }).then(
    (s) => {
      void s.close();
      throw new Error("the pack started");
    },
    (e: Error) => e,
  );
  return { error, ms: Date.now() - started };
}

it("names a pack directory that does not exist", async () => {
  const { error } = await failure(path.join(PACKS, "nowhere"));
  expect(error).toBeInstanceOf(PolicyPackStartError);
  expect(error.message).toMatch(/policy pack directory .*nowhere does not exist/);
});

it("refuses a directory that is not a policy pack", async () => {
  const { error } = await failure(__dirname);
  expect(error.message).toMatch(/is not a policy pack: it has no PulumiPolicy.yaml/);
});

it("reports a pack that exits before printing its port, with its log", async () => {
  const { error } = await failure(path.join(PACKS, "exits-early"));
  expect(error).toBeInstanceOf(PolicyPackStartError);
  expect(error.message).toMatch(/exited \(code 3\) before printing its port/);
  expect(error.message).toMatch(/cannot load policies: missing module/);
});

it("reports a pack that prints something else than its port, and kills it", async () => {
  const { error } = await failure(path.join(PACKS, "prints-garbage"));
  expect(error.message).toMatch(/printed "Loading HIPAA policies\.\.\." instead of its port/);
  expect((error as PolicyPackStartError).pid).toBeGreaterThan(0);
  expect(alive((error as PolicyPackStartError).pid!)).toBe(false);
});

it("gives up on a silent pack after the timeout and kills it", async () => {
  const started = Date.now();
  const error = await startPolicyPack({ packDir: path.join(PACKS, "silent"), engineAddress: "127.0.0.1:1", timeoutMs: 2500 })
    .then(() => new Error("started"))
    .catch((e: Error) => e);
  expect(Date.now() - started).toBeLessThan(10_000);
  expect(error.message).toMatch(/did not print its port within 2500 ms/);
  // The child is killed before the promise rejects.
  expect(alive((error as PolicyPackStartError).pid!)).toBe(false);
});

it("kills the pack on stop(), and the CLI exits 2 with a message for a broken pack", async () => {
  const pack = await startPolicyPack({ packDir: path.join(__dirname, "../../policies"), engineAddress: "127.0.0.1:1" });
  expect(alive(pack.pid)).toBe(true);
  await pack.stop();
  expect(alive(pack.pid)).toBe(false);

  let err = "";
  const code = await main(["--quiet", "--pack-dir", path.join(PACKS, "exits-early")], { stdout: () => undefined, stderr: (t) => (err += t) });
  expect(code).toBe(2);
  expect(err).toMatch(/^error: policy pack .*exits-early exited \(code 3\)/m);
  expect(err).not.toMatch(/\n\s+at /);
});
