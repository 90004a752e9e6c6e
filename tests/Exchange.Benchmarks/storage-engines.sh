#!/usr/bin/env bash
# One gateway process on SQLite or PostgreSQL (a throwaway server, run as the postgres user when root): a snapshot
# sync, then one submission through the real `exchange` CLI; prints one line of figures. Needs a Release build.
#   tests/Exchange.Benchmarks/storage-engines.sh sqlite|postgres [records] [participants]
# SRC=<another checkout, built> measures that one instead, for a baseline in the same run.
set -euo pipefail
engine=$1; records=${2:-100000}; participants=${3:-100000}
root=$(mktemp -d /tmp/exchange-engines-XXXX); trap 'rm -rf "$root"' EXIT
src=${SRC:-$(cd "$(dirname "$0")/../.." && pwd)}; bin=$src/src/Exchange.Server/bin/Release/net10.0/Exchange.Server.dll
cli="dotnet $src/src/Exchange.Cli/bin/Release/net10.0/exchange.dll"
files=$root/files
$cli generate --out $files --records $records --participants $participants --seed 11 >/dev/null
data=$(mktemp -d $root/data-XXXX); extra=()
if [ "$engine" = postgres ]; then
  pg=$(mktemp -d $root/pg-XXXX); chmod 755 $root; chown postgres $pg
  runuser -u postgres -- initdb -D $pg/db -A trust -U postgres >/dev/null
  port=$(python3 -c 'import socket;s=socket.socket();s.bind(("127.0.0.1",0));print(s.getsockname()[1])')
  runuser -u postgres -- pg_ctl -D $pg/db -o "-p $port -k $pg -c listen_addresses=127.0.0.1" -l $pg/log start >/dev/null
  runuser -u postgres -- createdb -h 127.0.0.1 -p $port exchange
  extra=(--Exchange:ConnectionString="Host=127.0.0.1;Port=$port;Username=postgres;Database=exchange")
fi
port2=$(python3 -c 'import socket;s=socket.socket();s.bind(("127.0.0.1",0));print(s.getsockname()[1])')
dotnet $bin --urls https://127.0.0.1:$port2 --data $data --Logging:LogLevel:Default=Warning "${extra[@]}" > $data/gateway.log 2>&1 &
gw=$!
for i in $(seq 120); do [ -f $data/dev/api-keys.txt ] && grep -q . $data/dev/api-keys.txt && break; sleep 0.5; done; sleep 2
export EXCHANGE_ADDRESS=https://127.0.0.1:$port2 EXCHANGE_CA_CERT=$data/dev/ca.crt.pem
EXCHANGE_API_KEY=$(awk '$1=="bpjs"{print $4}' $data/dev/api-keys.txt) $cli health >/dev/null
s0=$(date +%s.%N)
EXCHANGE_API_KEY=$(awk '$1=="bpjs"{print $4}' $data/dev/api-keys.txt) $cli registry sync --snapshot $files/registry.csv >/dev/null
s1=$(date +%s.%N)
rss_sync=$(awk '/VmHWM/{print $2}' /proc/$gw/status)
EXCHANGE_API_KEY=$(awk '$1=="dinkop"{print $4}' $data/dev/api-keys.txt) $cli submit $files/submitted.csv --results $data/r.csv -o Json > $data/submit.json || true
s2=$(date +%s.%N)
rss=$(awk '/VmHWM/{print $2}' /proc/$gw/status)
cpu=$(awk '{print ($14+$15)/100}' /proc/$gw/stat)
python3 - "$engine" "$records" "$participants" "$s0" "$s1" "$s2" "$rss_sync" "$rss" "$cpu" <<'PY'
import sys
e,r,p,s0,s1,s2,rs,rss,cpu=sys.argv[1:]
r=int(r);p=int(p);sync=float(s1)-float(s0);sub=float(s2)-float(s1)
print(f"{e}: sync {p:,} participants {sync:.1f} s; submit {r:,} records {sub:.1f} s = {r/sub:,.0f} records/s; gateway CPU {float(cpu):.1f} s; peak RSS after sync {int(rs)/1024:.0f} MiB, after submit {int(rss)/1024:.0f} MiB")
PY
kill -TERM $gw; wait $gw || true
if [ "$engine" = postgres ]; then runuser -u postgres -- pg_ctl -D $pg/db stop -m fast >/dev/null; rm -rf $pg; fi
rm -rf $data
