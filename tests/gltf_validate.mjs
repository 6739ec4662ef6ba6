// Validate glTF/GLB files with the Khronos glTF Validator (npm package `gltf-validator`).
//
// Usage: node tests/gltf_validate.mjs FILE...   ->  one JSON array on stdout, one entry per file:
//   {"path", "errors", "warnings", "infos", "hints", "issues": [{"code", "severity", "pointer", "message"}]}
// The package is looked up in $GLTF_VALIDATOR_MODULES, else <repo>/.node/node_modules (where
// `make setup` installs it). Exit code 0 when every file was read; the caller judges the counts.
import { readFile } from "node:fs/promises";
import { createRequire } from "node:module";
import path from "node:path";
import { fileURLToPath } from "node:url";

const here = path.dirname(fileURLToPath(import.meta.url));
const modules = process.env.GLTF_VALIDATOR_MODULES || path.join(here, "..", ".node", "node_modules");
const validator = createRequire(path.join(modules, "noop.js"))("gltf-validator");

const results = [];
for (const file of process.argv.slice(2)) {
  const bytes = new Uint8Array(await readFile(file));
  const report = await validator.validateBytes(bytes, {
    uri: path.basename(file),
    maxIssues: 50,
    externalResourceFunction: (uri) => readFile(path.resolve(path.dirname(file), decodeURIComponent(uri)))
      .then((data) => new Uint8Array(data)),
  });
  const counts = report.issues;
  results.push({
    path: file,
    errors: counts.numErrors,
    warnings: counts.numWarnings,
    infos: counts.numInfos,
    hints: counts.numHints,
    issues: counts.messages.map(({ code, severity, pointer, message }) => ({ code, severity, pointer, message })),
  });
}
process.stdout.write(JSON.stringify(results));
