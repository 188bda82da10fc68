#!/usr/bin/env bash
# Commit what `fetch` changed under data/feeds/ and data/demo-feeds/ to the branch $1, made afresh from the commit
# checked out (main), and push it: one branch, one pull request, always against the newest main. Writes
# changed=true or changed=false to $GITHUB_OUTPUT; without a changed figure nothing is committed or pushed.
set -euo pipefail
branch="$1"
output="${GITHUB_OUTPUT:-/dev/null}"
if [ -z "$(git status --porcelain -- data/feeds data/demo-feeds)" ]; then
  echo "no new or revised figures"
  echo "changed=false" >> "$output"
  exit 0
fi
git checkout --quiet -B "$branch"
folders=()
for folder in data/feeds data/demo-feeds; do
  if [ -e "$folder" ] || git ls-files --error-unmatch -- "$folder" >/dev/null 2>&1; then folders+=("$folder"); fi
done
git add -A -- "${folders[@]}"
git -c user.name="Regiomonitor" -c user.email="regiomonitor@users.noreply.github.com" \
  commit --quiet -m "Open data: new and revised figures from CBS ($(date -u +%Y-%m-%d))"
git push --quiet --force origin "HEAD:$branch"
echo "changed=true" >> "$output"
echo "committed the new figures to $branch"
