#!/usr/bin/env bash
# Stored baselines in CI, kept on the `hil-baselines` branch (golden/baselines/<device>/), so the
# trends survive from run to run without committing measurements to main.
#   restore DEVICE   copy the branch's baselines of DEVICE into the working tree (none yet: fine)
#   accept DEVICE    add the latest run to them (`hil baseline update`) and push the branch; a run
#                    hil refuses (invalid, throttled, emulated) is not accepted, and that is no failure
set -euo pipefail
cd "$(dirname "$0")/.."
action=${1:?usage: ci-baselines.sh restore|accept DEVICE}
device=${2:?usage: ci-baselines.sh restore|accept DEVICE}
branch=${HIL_BASELINES_BRANCH:-hil-baselines}
remote=${HIL_BASELINES_REMOTE:-origin}
dir=golden/baselines

fetch() { git fetch -q "$remote" "$branch" 2>/dev/null; }

case "$action" in
  restore)
    if fetch && git cat-file -e "FETCH_HEAD:$dir" 2>/dev/null; then
      mkdir -p "$dir"
      git archive FETCH_HEAD "$dir" | tar -x
      echo "baselines restored from $remote/$branch: $(find "$dir" -name '*.json' | wc -l) file(s)"
    else
      echo "no stored baselines on $remote/$branch yet"
    fi
    ;;
  accept)
    if ! npx hil baseline update; then
      echo "::warning::hil refused this run as a baseline (see above); the stored baselines are unchanged"
      exit 0
    fi
    work=$(mktemp -d)
    trap 'git worktree remove --force "$work" >/dev/null 2>&1 || true; rm -rf "$work"' EXIT
    if fetch; then
      git worktree add -q --detach "$work" FETCH_HEAD
    else
      # First baselines ever: an orphan branch that holds nothing else.
      git worktree add -q --detach "$work"
      git -C "$work" checkout -q --orphan "$branch"
      git -C "$work" rm -rq --cached . && find "$work" -mindepth 1 -maxdepth 1 ! -name .git -exec rm -rf {} +
    fi
    mkdir -p "$work/$dir"
    find "$dir" -maxdepth 1 -mindepth 1 -type d \( -name "$device" -o -name "$device@*" \) -exec cp -r {} "$work/$dir/" \;
    git -C "$work" add -f "$dir"
    if git -C "$work" diff --cached --quiet; then echo "baselines unchanged"; exit 0; fi
    git -C "$work" -c user.name="${GIT_AUTHOR_NAME:-hil}" -c user.email="${GIT_AUTHOR_EMAIL:-hil@localhost}" commit -q -m "baselines: $device, run $(cat reports/latest-run)"
    git -C "$work" push -q "$remote" "HEAD:refs/heads/$branch"
    echo "baselines of $device pushed to $remote/$branch"
    ;;
  *) echo "usage: ci-baselines.sh restore|accept DEVICE" >&2; exit 2 ;;
esac
