/**
 * Reads a ZIP archive with a reader that is not Fabrique's: Python's zipfile, which checks every
 * entry's CRC-32 as it reads. Test helper.
 */
import { execFileSync } from "node:child_process";

const READ = `
import base64, io, json, sys, zipfile
with zipfile.ZipFile(io.BytesIO(sys.stdin.buffer.read())) as z:
    bad = z.testzip()
    files = {i.filename: base64.b64encode(z.read(i.filename)).decode() for i in z.infolist()}
print(json.dumps({"bad": bad, "files": files}))
`;

/** The entries of `zip` by name; throws when Python finds the archive damaged. */
export function unzip(zip: Uint8Array): Map<string, Buffer> {
  const out = execFileSync("python3", ["-c", READ], { input: zip, maxBuffer: 512 * 1024 * 1024 });
  const { bad, files } = JSON.parse(out.toString()) as {
    bad: string | null;
    files: Record<string, string>;
  };
  if (bad !== null) throw new Error(`zipfile: bad CRC in ${bad}`);
  return new Map(Object.entries(files).map(([name, b64]) => [name, Buffer.from(b64, "base64")]));
}
