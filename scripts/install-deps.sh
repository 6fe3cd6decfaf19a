#!/usr/bin/env bash
# Installs what grantcheck needs to build, run and test, from Debian 12 packages and the npm
# registry only. Idempotent: does nothing when everything is present. Uses sudo when not root.
set -euo pipefail
cd "$(dirname "$0")/.."

# Build and run.
packages=(
  build-essential cmake ninja-build ccache pkg-config
  libboost-dev nlohmann-json3-dev libyaml-cpp-dev libsqlite3-dev sqlite3 zlib1g-dev
  libpq-dev libcli11-dev libfmt-dev libspdlog-dev libkainjow-mustache-dev libsodium-dev libical-dev libxml2-dev
  libcairo2-dev libpango1.0-dev fonts-dejavu-core
  nodejs npm curl chromium
  # test and benchmark (small; installed with the rest so one build tree serves both commands)
  libgtest-dev libgmock-dev libbenchmark-dev wrk python3-feedparser poppler-utils
  postgresql-15 postgresql-client-15
)

missing=()
for p in "${packages[@]}"; do
  # nodejs/npm may come from another Debian-compatible build; accept the commands themselves.
  case "$p" in
    nodejs) command -v node >/dev/null 2>&1 && continue ;;
    npm) command -v npm >/dev/null 2>&1 && continue ;;
  esac
  dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" || missing+=("$p")
done

if ((${#missing[@]})); then
  echo "install-deps: installing ${missing[*]}"
  sudo=""
  [[ $(id -u) -eq 0 ]] || sudo="sudo"
  export DEBIAN_FRONTEND=noninteractive
  $sudo apt-get update -q
  $sudo apt-get install -y -q --no-install-recommends "${missing[@]}"
fi

# Browser-side packages (the us-atlas gazetteer and map), pinned by package-lock.json.
if [[ ! -f web/assets/node_modules/.package-lock.json ]] ||
   [[ web/assets/package-lock.json -nt web/assets/node_modules/.package-lock.json ]]; then
  echo "install-deps: npm ci in web/assets"
  (cd web/assets && npm ci --no-audit --no-fund --loglevel=error)
fi
