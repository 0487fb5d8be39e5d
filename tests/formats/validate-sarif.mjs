// Validates `dockls check --format sarif` on real Dockerfiles against the SARIF 2.1.0
// schema (draft-04, shipped in the @microsoft/jest-sarif package).
import { execFileSync } from "node:child_process";
import { readFileSync, readdirSync } from "node:fs";
import { createRequire } from "node:module";
import { dirname, join } from "node:path";
import Ajv from "ajv-draft-04";
import addFormats from "ajv-formats";

const require = createRequire(import.meta.url);
const schemaPath = join(dirname(require.resolve("@microsoft/jest-sarif/package.json")), "lib/schemas/sarif-2.1.0-rtm.5.json");
const schema = JSON.parse(readFileSync(schemaPath, "utf8"));
// The schema has a pattern that is not valid with the `u` flag.
const ajv = new Ajv({ allErrors: true, strict: false, unicodeRegExp: false });
addFormats(ajv);
const validate = ajv.compile(schema);

const [dockls, corpus] = process.argv.slice(2);
const files = readdirSync(corpus).filter((f) => f !== "MANIFEST.tsv" && !f.endsWith(".dockerignore")).sort().map((f) => join(corpus, f));
let failures = 0;
// All files at once (one log, many results), then a few one by one.
for (const batch of [files, ...files.filter((_, i) => i % 40 === 0).map((f) => [f])]) {
  let out;
  try {
    out = execFileSync(dockls, ["check", "--format", "sarif", "--select", "ALL", "--preview", ...batch], { maxBuffer: 1 << 28 });
  } catch (e) {
    out = e.stdout; // exit status 1 means findings, which is expected
  }
  const log = JSON.parse(out.toString());
  if (!validate(log)) {
    failures++;
    console.error(`invalid SARIF for ${batch.length} file(s):`, JSON.stringify(validate.errors.slice(0, 5), null, 2));
  }
  if (log.runs[0].results.length === 0 && batch.length > 1) {
    failures++;
    console.error("no results for the whole corpus");
  }
}
// The validator must reject a log that breaks the schema.
let brokenOut;
try {
  brokenOut = execFileSync(dockls, ["check", "--format", "sarif", files[0]]);
} catch (e) {
  brokenOut = e.stdout;
}
const broken = JSON.parse(brokenOut.toString());
broken.runs[0].results.push({ ruleId: "DK000", level: "fatal", message: {} });
if (validate(broken)) {
  failures++;
  console.error("the schema check accepted an invalid log");
}
if (failures) process.exit(1);
console.log(`SARIF valid for the corpus (${files.length} files)`);
