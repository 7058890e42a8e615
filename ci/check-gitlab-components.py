#!/usr/bin/env python3
"""Checks what GitLab's CI schema does not about templates/*.yml (CI/CD components).

check-jsonschema's vendor.gitlab-ci schema accepts any keys under spec:inputs, so this
checks the header itself: each input has only GitLab's keys (default, description, options,
regex, type), is kebab-case, has the shared default (the same on GitHub), is used by the
jobs, and every $[[ inputs.X ]] the jobs use is declared. A stage component's jobs must be
the pipeline component's jobs, and every file installs Sluice the same way.

Usage: check-gitlab-components.py TEMPLATES_DIR   (prints findings; exit 1 when any)
"""

import pathlib
import re
import sys

import yaml

DEFAULTS = {
    "data": None, "target": None, "schema": "sluice/schema.json",
    "rules": "sluice/gate-rules.json", "test-fraction": "0.2", "seed": "42", "key": "",
    "model": "auto", "train-args": "", "metric": "auto", "max-drop": "0.01",
    "bundle-name": "model", "sluice-version": "latest", "show-values": "false",
    "monitor-data": "", "mlflow-model": "",
}
STAGES = ["validate", "train", "evaluate", "gate", "package", "deploy", "monitor", "pipeline"]
KEYS = {"default", "description", "options", "regex", "type"}


def split(path):
    text = path.read_text(encoding="utf-8")
    head, sep, jobs = text.partition("\n---\n")
    if not sep:
        return None, None, text
    return yaml.safe_load(head), yaml.safe_load(jobs), jobs


def main():
    root = pathlib.Path(sys.argv[1])
    findings = []
    parsed = {}
    for stage in STAGES:
        path = root / f"{stage}.yml"
        if not path.exists():
            findings.append(f"{path}: missing component")
            continue
        spec, jobs, text = split(path)
        if spec is None:
            findings.append(f"{path}: no spec header followed by ---")
            continue
        parsed[stage] = jobs
        inputs = (spec.get("spec") or {}).get("inputs") or {}
        used = set(re.findall(r"\$\[\[\s*inputs\.([A-Za-z0-9_-]+)\s*\]\]", text))
        for name, entry in inputs.items():
            entry = entry or {}
            if not re.fullmatch(r"[a-z][a-z0-9]*(-[a-z0-9]+)*", name):
                findings.append(f"{path}: input '{name}' is not kebab-case")
            if set(entry) - KEYS:
                findings.append(f"{path}: input '{name}' has unknown keys {sorted(set(entry) - KEYS)}")
            if not entry.get("description"):
                findings.append(f"{path}: input '{name}' has no description")
            if name not in DEFAULTS:
                findings.append(f"{path}: input '{name}' is not one of the shared inputs")
            elif entry.get("default") != DEFAULTS[name]:
                findings.append(
                    f"{path}: input '{name}' default {entry.get('default')!r}, "
                    f"shared default {DEFAULTS[name]!r}")
            if name not in used:
                findings.append(f"{path}: input '{name}' is declared but never used")
        for name in sorted(used - set(inputs)):
            findings.append(f"{path}: $[[ inputs.{name} ]] is used but not declared")
    if "pipeline" in parsed:
        whole = parsed["pipeline"]
        if set(DEFAULTS) - set(split(root / "pipeline.yml")[0]["spec"]["inputs"]):
            findings.append("pipeline.yml: does not declare every shared input")
        for stage, jobs in parsed.items():
            for job, body in jobs.items():
                if job in ("stages",):
                    if body != whole.get(job):
                        findings.append(f"{stage}.yml: stages differ from pipeline.yml")
                    continue
                if job == ".sluice-setup":
                    if body.get("before_script") != whole[job].get("before_script"):
                        findings.append(f"{stage}.yml: installs Sluice unlike pipeline.yml")
                    continue
                if body != whole.get(job):
                    findings.append(f"{stage}.yml: job '{job}' differs from pipeline.yml's")
    for finding in findings:
        print(finding)
    return 1 if findings else 0


if __name__ == "__main__":
    sys.exit(main())
