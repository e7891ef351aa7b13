#!/usr/bin/env bash
# The services the tests use, provided before any test runs (by `npm test` and by .ci/run): Redis answering on
# 127.0.0.1:6379, Chromium at /usr/bin/chromium and the openssl command. Missing ones are installed from Debian's packages when this runs
# as root with apt-get; otherwise it stops with one line naming what is missing, so a run never fails halfway.
# WAULE_PROVIDE=0 only checks (installs and starts nothing); WAULE_REDIS_PORT and WAULE_CHROMIUM move what is checked.
set -euo pipefail
export DEBIAN_FRONTEND=noninteractive
port="${WAULE_REDIS_PORT:-6379}"
chromium="${WAULE_CHROMIUM:-/usr/bin/chromium}"
provide="${WAULE_PROVIDE:-1}"

say() { echo "[test-services] $*"; }

can_apt() { [ "$provide" = 1 ] && [ "$(id -u)" = 0 ] && command -v apt-get >/dev/null 2>&1; }

apt_updated=0
apt_install() {
  if [ "$apt_updated" = 0 ]; then
    apt-get update -q >/dev/null
    apt_updated=1
  fi
  apt-get install -y -q --no-install-recommends "$@" >/dev/null
}

redis_answers() {
  if command -v redis-cli >/dev/null 2>&1; then
    [ "$(redis-cli -h 127.0.0.1 -p "$port" ping 2>/dev/null || true)" = "PONG" ]
  else
    # No client installed: speak the protocol by hand over bash's /dev/tcp.
    (exec 3<>/dev/tcp/127.0.0.1/$port && printf 'PING\r\n' >&3 && timeout 2 head -c 5 <&3 | grep -q PONG) 2>/dev/null
  fi
}

missing=()

if ! redis_answers; then
  if ! command -v redis-server >/dev/null 2>&1 && can_apt; then
    say "installing redis-server (Debian package)"
    apt_install redis-server
  fi
  if [ "$provide" = 1 ] && command -v redis-server >/dev/null 2>&1; then
    # The package's own service may have come up during the install; start ours only if nothing answers yet.
    if ! redis_answers; then
      redis-server --daemonize yes --bind 127.0.0.1 --port "$port" --save "" --appendonly no >/dev/null
    fi
    for _ in $(seq 1 50); do
      redis_answers && break
      sleep 0.2
    done
  fi
  redis_answers || missing+=("Redis answering on 127.0.0.1:$port (apt-get install redis-server, then start it)")
fi

if [ ! -x "$chromium" ]; then
  if can_apt; then
    say "installing chromium (Debian package)"
    apt_install chromium
  fi
  [ -x "$chromium" ] || missing+=("Chromium at $chromium (apt-get install chromium)")
fi

# The WeChat Pay certificate tests make their fake platform certificates with the openssl command.
if ! command -v openssl >/dev/null 2>&1; then
  if can_apt; then
    say "installing openssl (Debian package)"
    apt_install openssl
  fi
  command -v openssl >/dev/null 2>&1 || missing+=("the openssl command (apt-get install openssl)")
fi

if [ "${#missing[@]}" -gt 0 ]; then
  joined="$(printf '%s; ' "${missing[@]}")"
  echo "[test-services] cannot run the tests, missing: ${joined%; } (run as root with apt-get to have them installed)" >&2
  exit 1
fi
say "redis answering on 127.0.0.1:$port; chromium: $("$chromium" --version 2>/dev/null || echo present)"
