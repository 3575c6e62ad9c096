#!/usr/bin/env bash
# Sets up everything the test suite needs on a fresh Debian machine, then runs it:
# system packages (PostgreSQL, Chromium, Java for Spark) when run as root, a virtual
# environment with every extra, a throwaway PostgreSQL server on loopback, pytest.
set -euo pipefail
cd "$(dirname "$0")/.."

if [ "$(id -u)" = 0 ] && command -v apt-get >/dev/null 2>&1; then
  need=()
  [ -x /usr/lib/postgresql/15/bin/initdb ] || need+=(postgresql)
  [ -x /usr/bin/chromium ] || need+=(chromium)
  command -v java >/dev/null 2>&1 || need+=(openjdk-17-jre-headless)
  if [ ${#need[@]} -gt 0 ]; then
    apt-get update -qq
    DEBIAN_FRONTEND=noninteractive apt-get install -y -qq "${need[@]}" >/dev/null
  fi
fi

[ -x .venv/bin/python ] || python3 -m venv .venv
.venv/bin/pip install -q --disable-pip-version-check -e '.[all,test,spark]'

if [ -f .ci/postgres.sh ] && [ "$(id -u)" = 0 ]; then
  # shellcheck source=/dev/null
  source .ci/postgres.sh
fi

status=0
# One process per core, up to four (pytest-xdist), each taking whole files: a test has its own files, schema
# and port, and what a module builds once (the per-extra environments, a Spark job's output) is built once.
.venv/bin/python -m pytest -q -p no:cacheprovider -n auto --maxprocesses 4 --dist loadfile "$@" || status=$?
# pytest's 5 means "no tests collected": a broken suite, never a pass.
exit $status
