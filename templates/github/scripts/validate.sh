#!/usr/bin/env bash
# Validates the training data against the committed schema.
#   SLUICE_DATA    the table; SLUICE_SCHEMA the schema (default sluice/schema.json).
# With a schema: validate-data check writes check.md, check.junit.xml and check.json, and on
# GitHub Actions its findings become annotations on the data file's lines. Without one: the
# schema is inferred (schema.json in the output directory, used by the later steps) and the
# job says how to commit it. Exit 1 when the data violates the schema.
# shellcheck source=common.sh
source "$(dirname "${BASH_SOURCE[0]}")/common.sh"

data="${SLUICE_DATA:?SLUICE_DATA names the training table}"
schema="${SLUICE_SCHEMA:-}"
[ -n "$schema" ] || schema=sluice/schema.json

if [ -f "$schema" ]; then
  cp "$schema" "$sluice_out/schema.json"
  status=0
  validate-data check "$data" --schema "$schema" --markdown "$sluice_out/check.md" \
    --junit "$sluice_out/check.junit.xml" --json "$sluice_out/check.json" || status=$?
  set_output schema "$schema"
  set_output valid "$([ "$status" = 0 ] && echo true || echo false)"
  exit "$status"
fi

validate-data infer "$data" -o "$sluice_out/schema.json"
set_output schema "$sluice_out/schema.json"
set_output valid true
note "no schema at $schema: inferred one from $data. Commit it to check every future run: download the sluice-reports artifact and add its schema.json as $schema (review the allowed values and ranges first)."
{
  echo "### Sluice: no committed schema"
  echo
  echo "The schema was inferred from \`$data\` for this run only. Commit the \`schema.json\` of the"
  echo "\`sluice-reports\` artifact as \`$schema\` so later runs check the data against it."
} | summary
