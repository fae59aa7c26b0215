/**
 * The lease, kept on the board itself so CI runners share a farm without a central server.
 *
 * Where: one fixed folder per board, `/var/lock/hil` (under `$HIL_SYSROOT` on an emulated board),
 * whoever logs in and whatever `workdir` an inventory names: two inventories that reach one board
 * with different users or workdirs still share its lease. The folder is made mode 0777 (not 1777:
 * in a sticky folder one user could not replace a lease file another user wrote). /var/lock is a
 * tmpfs on L4T: a reboot frees the board, and a holder that survives it finds its lease gone.
 *
 * Mutual exclusion is the kernel's: `flock` (util-linux, on every L4T and DRIVE OS image) on
 * `lease.lock`, held only while the lease file is read and replaced. The kernel drops the lock when
 * its holder dies, so a killed or stopped process can delay others (bounded by `flock -w`) but never
 * leave a stale mutex, and no waiter ever breaks a live holder's lock.
 *
 * `lease` holds `key=value` lines (token, leaseId, owner, times), replaced by write-then-rename so
 * even a holder killed mid-write leaves the old file whole. `leases.log` gets one line per event
 * (acquire, reclaim, renew, release, lost) so overlap can be checked after the fact. All times are
 * the board's own clock in epoch milliseconds: host/board skew does not matter.
 *
 * Arguments: op ttlS runId ciJob host pid leaseId; standard input: the token, then the staleToken
 * (secrets travel on stdin, never in argv, where any user of the board could read them with `ps`).
 * `staleToken` (acquire only): the lease with this token may be taken over before it expires; the
 * caller proved its holder dead (a worker of the same run, gone from this very host).
 * Output: first line `<status> now=<board epoch ms> dir=<lease folder>`, then the lease file as it
 * now is (for `reclaimed`: the old one, `--`, the new one).
 * Exit codes: 0 acquired/reclaimed/renewed/released/free/read, 3 busy, 4 lost (renew: someone else
 * holds it), 5 not owner (release), 6 lock not obtained in time, 7 no flock, 8 lease folder unusable.
 */
export const LEASE_SCRIPT = String.raw`
op=$1; ttl=$2; run=$3; job=$4; host=$5; owner_pid=$6; lease_id=$7
IFS= read -r token || token=""; IFS= read -r stale || stale=""
nowms() { t=$(date +%s%3N); case "$t" in *[!0-9]*|'') t=$(( $(date +%s) * 1000 ));; esac; echo "$t"; }
dir="${'$'}{HIL_SYSROOT:-}/var/lock/hil"
command -v flock >/dev/null 2>&1 || { echo "noflock now=$(nowms) dir=$dir"; exit 7; }
umask 0
[ -d "$dir" ] || mkdir -m 0777 "$dir" 2>/dev/null || [ -d "$dir" ] || { echo "nodir now=$(nowms) dir=$dir"; exit 8; }
[ -w "$dir" ] || { echo "nodir now=$(nowms) dir=$dir"; exit 8; }
file="$dir/lease"; log="$dir/leases.log"
[ -e "$dir/lease.lock" ] || : >> "$dir/lease.lock" 2>/dev/null
exec 9<"$dir/lease.lock" || { echo "nodir now=$(nowms) dir=$dir"; exit 8; }
flock -w 20 9 || { echo "nolock now=$(nowms) dir=$dir"; exit 6; }
now=$(nowms)
field() { sed -n "s/^$1=//p" "$file" 2>/dev/null | head -n 1; }
holder=$(field token); expires=$(field expiresAt); holder_id=$(field leaseId); holder_run=$(field runId)
logline() {
  [ -f "$log" ] && [ "$(wc -c < "$log")" -gt 524288 ] && mv -f "$log" "$log.1"
  printf '%s %s leaseId=%s runId=%s host=%s pid=%s %s\n' "$now" "$1" "$lease_id" "$run" "$host" "$owner_pid" "$2" >> "$log"
}
write() {
  { printf 'token=%s\n' "$token"; printf 'leaseId=%s\n' "$lease_id"; printf 'runId=%s\n' "$run"; printf 'ciJob=%s\n' "$job"
    printf 'host=%s\n' "$host"; printf 'pid=%s\n' "$owner_pid"; printf 'acquiredAt=%s\n' "$1"
    printf 'renewedAt=%s\n' "$now"; printf 'expiresAt=%s\n' "$((now + ttl * 1000))"; printf 'ttlS=%s\n' "$ttl"
  } > "$file.tmp.$$" && mv -f "$file.tmp.$$" "$file"
}
head_line() { echo "$1 now=$now dir=$dir"; }
case "$op" in
  acquire)
    if [ -n "$holder" ] && [ "$holder" != "$token" ] && [ -n "$expires" ] && [ "$now" -lt "$expires" ] && [ "$holder" != "$stale" ]; then
      head_line busy; cat "$file"; exit 3
    fi
    if [ -n "$holder" ] && [ "$holder" != "$token" ]; then
      head_line reclaimed; cat "$file"; echo "--"
      write "$now" && logline reclaim "expiresAt=$((now + ttl * 1000)) prev=$holder_id prevRun=$holder_run prevExpiresAt=$expires" && cat "$file"
    else
      head_line acquired; write "$now" && logline acquire "expiresAt=$((now + ttl * 1000))" && cat "$file"
    fi ;;
  renew)
    if [ "$holder" != "$token" ] || [ -z "$token" ]; then logline lost "heldBy=$holder_id heldByRun=$holder_run"; head_line lost; cat "$file" 2>/dev/null; exit 4; fi
    write "$(field acquiredAt)" && logline renew "expiresAt=$((now + ttl * 1000))" && head_line renewed && cat "$file" ;;
  release)
    if [ -z "$holder" ]; then head_line free; exit 0; fi
    if [ "$holder" != "$token" ]; then head_line notowner; cat "$file"; exit 5; fi
    rm -f "$file" && logline release "" && head_line released ;;
  read)
    head_line read; cat "$file" 2>/dev/null; exit 0 ;;
  *) echo "unknown op $op" >&2; exit 2 ;;
esac
`;
