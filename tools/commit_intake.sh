#!/usr/bin/env bash
# Read the workbooks in data/inbox/ into data/ and plan/toelichting/, remove them, and push the result to the
# pull request's branch ($1): the reviewers then review ordinary CSV and YAML. Run by the plan-check workflow for
# pull requests from the repository itself (a fork's token cannot push); `intake` is all or nothing, so a
# workbook with an error changes nothing.
set -euo pipefail
branch="$1"
shopt -s nullglob
books=(data/inbox/*.xlsx)
if [ ${#books[@]} -eq 0 ]; then echo "no workbooks in data/inbox"; exit 0; fi
git fetch --quiet origin "$branch"
git checkout --quiet -B "$branch" "origin/$branch"
books=(data/inbox/*.xlsx)
.venv/bin/python -m regiomonitor intake "${books[@]}"
git rm --quiet -- "${books[@]}"
git add -A -- data plan/toelichting
git -c user.name="Regiomonitor" -c user.email="regiomonitor@users.noreply.github.com" \
  commit --quiet -m "Intake of ${books[*]##*/}: figures, action reports and toelichting as files"
git push --quiet origin "HEAD:$branch"
echo "committed the intake of ${books[*]##*/} to $branch"
