#!/usr/bin/env bash
# Checks STYLE.md's "who may depend on whom": every `#include "grantcheck/<m>/..."` in
# src/grantcheck/<module>/ must name a module that <module> may use. Exits 1 listing violations.
set -euo pipefail
cd "$(dirname "$0")/.."

declare -A allowed=(
  [common]=""
  [model]="common"
  [store]="model common ledger"
  [store/sql]="store model common ledger"
  [store/sqlite]="store/sql store model common ledger"
  [store/postgres]="store/sql store model common ledger"
  [ledger]="model common"
  [rules]="model common"
  [formula]="model common"
  [render]="rules formula model common"
  [ingest]="store model common"
  [app]="rules formula ledger store render ingest model common"
  [http]="common"
  [api]="app http model common store ingest"
  [web]="app http model common store ingest"
  [cli]="app model common store ingest"
  [wiring]="*"
)

status=0
while IFS= read -r file; do
  rel=${file#src/grantcheck/}
  module=${rel%%/*}
  [[ $rel == store/sql/* ]] && module=store/sql
  [[ $rel == store/sqlite/* ]] && module=store/sqlite
  [[ $rel == store/postgres/* ]] && module=store/postgres
  [[ -v "allowed[$module]" ]] || { echo "$file: module '$module' is not in the table"; status=1; continue; }
  [[ ${allowed[$module]} == "*" ]] && continue
  while IFS= read -r inc; do
    target=${inc#grantcheck/}
    target_module=${target%%/*}
    [[ $target == store/sql/* ]] && target_module=store/sql
    [[ $target == store/sqlite/* ]] && target_module=store/sqlite
    [[ $target == store/postgres/* ]] && target_module=store/postgres
    [[ $target_module == "$module" ]] && continue
    # a test may include what its module's tests link (store tests use the sqlite store)
    if [[ $file == *_test.cpp && $target_module == store/sqlite ]]; then continue; fi
    if [[ " ${allowed[$module]} " != *" $target_module "* ]]; then
      echo "$file: includes \"$inc\", but $module may not use $target_module (STYLE.md)"
      status=1
    fi
  done < <(sed -n 's/^#include "\(grantcheck\/[^"]*\)".*/\1/p' "$file")
done < <(find src/grantcheck -name '*.cpp' -o -name '*.hpp' | sort)
[[ $status -eq 0 ]] && echo "include layering: ok"
exit $status
