#!/usr/bin/env bash
# Posts the verdict as ONE pull-request comment, created once and then edited in place: the
# comment is found by its hidden marker (<!-- sluice:gate -->) among the PR's comments.
#   GITHUB_REPOSITORY, GITHUB_TOKEN (pull-requests: write), GITHUB_API_URL, SLUICE_PR_NUMBER,
#   SLUICE_SHOW_VALUES (false: data values from validation stay out of the comment, since a
#   public repository shows comments to everyone), SLUICE_VALID (validation outcome).
# A token that may not comment (a fork's pull request) is not an error: the verdict is still
# in the job log and the step summary. Never fails the job.
# shellcheck source=common.sh
source "$(dirname "${BASH_SOURCE[0]}")/common.sh"
set +e

marker='<!-- sluice:gate -->'
repository="${GITHUB_REPOSITORY:?GITHUB_REPOSITORY names the repository}"
pr="${SLUICE_PR_NUMBER:-}"
if [ -z "$pr" ]; then
  note "not a pull request: no comment"
  exit 0
fi

body="$sluice_out/comment.md"
{
  echo "$marker"
  echo "## Sluice"
  echo
  if [ -f "$sluice_out/gate.md" ]; then
    cat "$sluice_out/gate.md"
  else
    echo "The gate did not run: an earlier step failed (see the job log)."
  fi
  echo
  if [ -f "$sluice_out/baseline-source" ] && grep -q '^the MLflow' "$sluice_out/baseline-source"; then
    echo "Baseline: $(cat "$sluice_out/baseline-source") (its logged metrics)."
  elif [ -f "$sluice_out/champion/tag" ]; then
    echo "Champion: \`$(cat "$sluice_out/champion/tag")\`, re-scored on this run's test rows."
  else
    echo "No champion yet: this is a first run (the default branch publishes one when its gate passes)."
  fi
  if [ "${SLUICE_VALID:-}" = false ]; then
    echo
    if [ "${SLUICE_SHOW_VALUES:-false}" = true ] && [ -f "$sluice_out/check.md" ]; then
      cat "$sluice_out/check.md"
    else
      echo "**The data failed validation.** The findings (with their values) are in the job log"
      echo "and the annotations; values stay out of this comment (show-values: false)."
    fi
  fi
} >"$body"
jq -n --rawfile body "$body" '{body: $body}' >"$sluice_out/comment.json"

comments_url="$(api_root)/repos/$repository/issues/$pr/comments"
existing=""
for page in $(seq 1 30); do
  api GET "$comments_url?per_page=100&page=$page"
  listing="$(cat "$API_BODY")"
  [ "$API_STATUS" = 200 ] || break
  existing="$(jq -r --arg m "$marker" '[.[] | select(.body | startswith($m))] | first | .id // empty' <<<"$listing")"
  [ -z "$existing" ] || break
  [ "$(jq 'length' <<<"$listing")" -ge 100 ] || break
done

if [ -n "$existing" ]; then
  api PATCH "$(api_root)/repos/$repository/issues/comments/$existing" "$sluice_out/comment.json"
  action="updated comment $existing"
else
  api POST "$comments_url" "$sluice_out/comment.json"
  action="created a comment"
fi
rm -f "$sluice_out/comment.json"
case "$API_STATUS" in
  200 | 201) note "pull request #$pr: $action" ;;
  *)
    warn "could not comment on pull request #$pr (HTTP $API_STATUS; a fork's token is read-only): the verdict is in this log and the step summary"
    echo "> The pull-request comment could not be written (HTTP $API_STATUS); this summary is the report." | summary
    ;;
esac
exit 0
