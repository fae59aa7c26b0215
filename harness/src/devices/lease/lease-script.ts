/**
 * The lease, kept on the board itself so CI runners share a farm without a central server.
 *
 * `<workdir>/lease` holds `key=value` lines (token, owner, expiry). Every operation runs inside a
 * mutex made by `mkdir <workdir>/lease.lock` (atomic on any POSIX filesystem) and replaces the file
 * by write-then-rename, so a reader never sees half a lease. All times are the board's own clock
 * (`date +%s`): skew between the host and the board does not matter.
 *
 * Arguments: op workdir - ttlS runId ciJob host pid; standard input: the token, then the staleToken
 * (secrets travel on stdin, never in argv, where any user of the board could read them with `ps`).
 * `staleToken` (acquire only): the lease with this token may be taken over even before it expires;
 * the caller proved its holder dead (a worker of the same run, gone from this very host).
 * Output: first line `<status> now=<board epoch s>`, then the lease file as it now is (or was).
 * Exit codes: 0 acquired/renewed/released/read, 3 busy, 4 lost (renew: someone else holds it),
 * 5 not owner (release), 6 mutex not obtained.
 */
export const LEASE_SCRIPT = String.raw`
op=$1; dir=$2; ttl=$4; run=$5; job=$6; host=$7; owner_pid=$8
IFS= read -r token || token=""; IFS= read -r stale || stale=""
file="$dir/lease"; lock="$dir/lease.lock"
mkdir -p "$dir" || exit 90
i=0
until mkdir "$lock" 2>/dev/null; do
  i=$((i+1))
  at=$(cat "$lock/at" 2>/dev/null)
  # A mutex is held for milliseconds; one older than 30 s (or never stamped after ~10 s of
  # waiting) was left by a killed process. Breaking it is rare enough that its own race is moot.
  if { [ -n "$at" ] && [ $(( $(date +%s) - at )) -gt 30 ]; } || [ $i -gt 100 ]; then
    mv "$lock" "$lock.stale.$$" 2>/dev/null && rm -rf "$lock.stale.$$"
    i=0
    continue
  fi
  [ $i -gt 400 ] && { echo "nolock now=$(date +%s)"; exit 6; }
  sleep 0.1
done
trap 'rm -rf "$lock"' EXIT
date +%s > "$lock/at"
now=$(date +%s)
field() { sed -n "s/^$1=//p" "$file" 2>/dev/null | head -n 1; }
holder=$(field token); expires=$(field expiresAt)
write() {
  { printf 'token=%s\n' "$token"; printf 'runId=%s\n' "$run"; printf 'ciJob=%s\n' "$job"
    printf 'host=%s\n' "$host"; printf 'pid=%s\n' "$owner_pid"; printf 'acquiredAt=%s\n' "$1"
    printf 'renewedAt=%s\n' "$now"; printf 'expiresAt=%s\n' "$((now + ttl))"; printf 'ttlS=%s\n' "$ttl"
  } > "$file.tmp.$$" && mv -f "$file.tmp.$$" "$file"
}
case "$op" in
  acquire)
    if [ -n "$holder" ] && [ "$holder" != "$token" ] && [ -n "$expires" ] && [ "$now" -lt "$expires" ] && [ "$holder" != "$stale" ]; then
      echo "busy now=$now"; cat "$file"; exit 3
    fi
    if [ -n "$holder" ] && [ "$holder" != "$token" ]; then echo "reclaimed now=$now"; cat "$file"; echo "--"; else echo "acquired now=$now"; fi
    write "$now" && cat "$file" ;;
  renew)
    if [ "$holder" != "$token" ]; then echo "lost now=$now"; cat "$file" 2>/dev/null; exit 4; fi
    write "$(field acquiredAt)" && echo "renewed now=$now" && cat "$file" ;;
  release)
    if [ -z "$holder" ]; then echo "free now=$now"; exit 0; fi
    if [ "$holder" != "$token" ]; then echo "notowner now=$now"; cat "$file"; exit 5; fi
    rm -f "$file" && echo "released now=$now" ;;
  read)
    echo "read now=$now"; cat "$file" 2>/dev/null; exit 0 ;;
  *) echo "unknown op $op" >&2; exit 2 ;;
esac
`;
