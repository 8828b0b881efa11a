#!/usr/bin/env bash
# Self-test of scripts/services.sh's PostgreSQL folder outside the checkout (run as root by
# scripts/test.sh): when user postgres cannot write under the services folder, the cluster goes to a
# fresh mktemp directory under /var/tmp, never to a predictable path another local user could have
# planted as a link before root chowns through it.
set -euo pipefail
ROOT=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
[ "$(id -u)" = 0 ] && id postgres >/dev/null 2>&1 || { echo "services-selftest: needs root and user postgres; skipped" >&2; exit 0; }
# the functions of services.sh without its command dispatch
source <(sed '/^case "\${1:-}" in/,$d' "$ROOT/scripts/services.sh")

fail() { echo "services-selftest: FAIL: $*" >&2; exit 1; }
SVC=$(mktemp -d /root/aurora-selftest.XXXXXX)   # under /root (0700): user postgres cannot reach it
victim=$(mktemp -d /tmp/aurora-victim.XXXXXX)
predictable=/var/tmp/aurora-services-$(printf '%s' "$SVC" | md5sum | cut -c1-12)
ln -sfn "$victim" "$predictable"
made=()
cleanup() { rm -rf "$SVC" "$victim" "$predictable" "${made[@]}"; }
trap cleanup EXIT

a=$(pg_dir); made+=("$(dirname "$a")")
[[ "$a" == /var/tmp/aurora-services.*/postgres ]] || fail "cluster folder $a is not a fresh mktemp directory"
[ -z "$(ls -A "$victim")" ] && [ "$(stat -c %U "$victim")" = root ] || fail "a planted link at $predictable was followed"
[ "$(stat -c '%U %a' "$(dirname "$a")")" = "root 755" ] || fail "$(dirname "$a") is not root's 755"
[ "$(stat -c '%U %a' "$a")" = "postgres 700" ] || fail "$a is not postgres's 700"
[ "$(pg_dir)" = "$a" ] || fail "a second 'up' did not find the recorded folder again"
[ "$(pg_dir_recorded)" = "$a" ] || fail "'down' does not find the recorded folder"
# a record pointing at a planted link is not trusted
echo "$predictable" >"$SVC/postgres-dir"
b=$(pg_dir); made+=("$(dirname "$b")")
[ "$b" != "$predictable/postgres" ] && [ -z "$(ls -A "$victim")" ] || fail "a planted record was trusted"
echo "services-selftest: ok" >&2
