# Helpers the benchmark scripts share (sourced). They use $build, $work and
# $GRANTCHECK_PASSWORD from the script that sources them.

# The reviewer and certifier accounts the write benchmarks use, in database $1.
add_bench_accounts() {
  "$build/grantcheck" --db "$1" user add rev@bench.example --name R --role reviewer --scope byrne-jag >/dev/null
  "$build/grantcheck" --db "$1" user add cert@bench.example --name C --role certifier --scope 1714000 >/dev/null
}

# An API token for account $2, made through a session on the server at $1 (as a person would).
token_of() {
  curl -s -c "$work/jar" -H 'Content-Type: application/json' \
    -d "{\"email\":\"$2\",\"password\":\"$GRANTCHECK_PASSWORD\"}" "$1/api/v1/session" |
    sed -n 's/.*"csrf":"\([0-9a-f]*\)".*/\1/p' >"$work/csrf"
  curl -s -b "$work/jar" -H "X-CSRF-Token: $(cat "$work/csrf")" -H 'Content-Type: application/json' \
    -d '{"name":"bench","days":30}' "$1/api/v1/tokens" | sed -n 's/.*"token":"\([^"]*\)".*/\1/p'
}

# Issues a notice on the server at $1 to the recipients $3 (a JSON member, e.g.
# '"recipients":["1714000"]') and writes to $2 a wrk script that certifies for Chicago with the
# certifier's token: one durable command per request.
certification_script() {
  local rev cert notice
  rev=$(token_of "$1" rev@bench.example)
  cert=$(token_of "$1" cert@bench.example)
  notice=$(curl -s -H "Authorization: Bearer $rev" -H 'Content-Type: application/json' \
    -d "{\"program\":\"byrne-jag\",\"fiscal_year\":2026,\"conditions\":[\"jag-2018-1373-certification\"],$3,\"deadline_days\":60,\"title\":\"Certify\",\"letter\":\"Certify by {deadline}.\",\"signer\":\"A\"}" \
    "$1/api/v1/notices" | sed -n 's/^{"id":"\([^"]*\)".*/\1/p')
  [[ -n $notice ]] || { echo "bench: the notice was not issued on $1" >&2; return 1; }
  cat >"$2" <<LUA
wrk.method = "POST"
wrk.headers["Content-Type"] = "application/json"
wrk.headers["Authorization"] = "Bearer $cert"
wrk.body = '{"notice":"$notice","jurisdiction":"1714000","statement":"Chicago complies.","signer_name":"S","signer_title":"T"}'
LUA
}
