#!/usr/bin/env bash
# Installs everything Tidings needs on Debian 12, idempotently: the Debian packages (Dovecot,
# Postfix, Redis, nginx, Chromium), pnpm 10 and the workspace's dependencies. Safe to run again and again.
set -euo pipefail
cd "$(dirname "$0")/.."

SUDO=""
if [ "$(id -u)" != 0 ]; then SUDO="sudo"; fi

# redis-server and nginx: the multi-process tests start private instances (never the system's).
# dovecot-sieve, dovecot-managesieved: automatic replies (a Sieve vacation script, stored over
# ManageSieve) in the private Dovecot; openssl makes the certificate its TLS test uses.
# tcpdump: bench many-accounts times the fan-out on the loopback wire (bench/wire-capture.ts).
PACKAGES=(dovecot-imapd dovecot-lmtpd dovecot-sieve dovecot-managesieved postfix redis-server nginx chromium fonts-dejavu-core ca-certificates openssl procps iproute2 tcpdump)
missing=()
for package in "${PACKAGES[@]}"; do
  if ! dpkg-query -W -f='${Status}' "$package" 2>/dev/null | grep -q "install ok installed"; then
    missing+=("$package")
  fi
done
if [ ${#missing[@]} -gt 0 ]; then
  echo "bootstrap: installing ${missing[*]}"
  # Postfix asks how to configure the system instance; Tidings never uses it, so: none.
  echo "postfix postfix/main_mailer_type select No configuration" | $SUDO debconf-set-selections
  $SUDO apt-get update -qq
  # Tidings starts private instances; the packages' own services (nginx on :80, redis on :6379,
  # Dovecot on :143) must not start. policy-rc.d 101 = "action forbidden" (invoke-rc.d(8)).
  policy=""
  if [ ! -e /usr/sbin/policy-rc.d ]; then
    policy=/usr/sbin/policy-rc.d
    printf '#!/bin/sh\nexit 101\n' | $SUDO tee "$policy" >/dev/null
    $SUDO chmod 755 "$policy"
    trap '$SUDO rm -f "$policy"' EXIT
  fi
  $SUDO env DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
  if [ -n "$policy" ]; then $SUDO rm -f "$policy"; fi
fi

if ! command -v pnpm >/dev/null 2>&1 || [[ "$(pnpm --version)" != 10.* ]]; then
  echo "bootstrap: installing pnpm 10"
  # corepack's signature check can fail offline; pnpm 11 needs Node 22.
  $SUDO npm install -g --silent pnpm@10 >/dev/null
fi

pnpm install --frozen-lockfile --reporter=silent
echo "bootstrap: ready (node $(node --version), pnpm $(pnpm --version))"
