#!/usr/bin/env bash
# Prints how much the generated size tables weigh, to check the 60 KB (gzip) budget for the wasm
# bundle. Two measurements:
#   1. data: the arrays exactly as the compiler lays them out in the binary's data section
#      (the apt.bin and pip.bin blobs as embedded, base-image and other strings), gzip -9;
#   2. wasm: the release wasm32 build of an example that uses every table, minus the same build of
#      an example that uses none (tables + lookup code), gzip -9 (skipped with --no-wasm).
set -euo pipefail
cd "$(dirname "$0")/../.."
gen=crates/core/src/layers/tables/generated.rs
python3 - "$gen" <<'PY'
import gzip, re, struct, sys
src = open(sys.argv[1]).read()
blob = bytearray()
for m in re.finditer(r'pub static (\w+): \[(u8|u16|u32); \d+\] = \[(.*?)\];', src, re.S):
    ty, body = m.group(2), m.group(3)
    vals = [int(v) for v in re.findall(r'\d+', body)]
    fmt = {'u8': 'B', 'u16': 'H', 'u32': 'I'}[ty]
    blob += struct.pack('<%d%s' % (len(vals), fmt), *vals)
for m in re.finditer(r'"((?:[^"\\]|\\.)*)"', src):  # every string literal (aliases, base rows, ...)
    if not m.group(1).endswith('.bin'):
        blob += m.group(1).encode()
for m in re.finditer(r'include_bytes!\("([\w.]+)"\)', src):  # the compact tables (gen_tables.py, blob())
    blob += open(sys.argv[1].rsplit('/', 1)[0] + '/' + m.group(1), 'rb').read()
raw = len(blob)
gz = len(gzip.compress(bytes(blob), 9))
srcgz = len(gzip.compress(src.encode(), 9))
print(f"tables data: {raw} bytes raw, {gz} bytes gzip -9 ({gz / 1024:.1f} KiB; budget 60 KB)")
print(f"generated.rs source: {len(src)} bytes, {srcgz} bytes gzip -9")
PY
if [[ "${1:-}" != "--no-wasm" ]]; then
  cargo build -q --release -p dflab-core --target wasm32-unknown-unknown --example wasm_tables --example wasm_baseline
  dir=target/wasm32-unknown-unknown/release/examples
  with=$(gzip -9c "$dir/wasm_tables.wasm" | wc -c)
  without=$(gzip -9c "$dir/wasm_baseline.wasm" | wc -c)
  echo "wasm: with tables $with bytes gzip, without $without bytes gzip: tables + lookup code = $((with - without)) bytes gzip ($(( (with - without) / 1024 )) KiB)"
  python3 - "$dir/wasm_tables.wasm" "$dir/wasm_baseline.wasm" <<'PY'
import gzip, sys
def sections(path):
    b, i, out = open(path, 'rb').read(), 8, {}
    while i < len(b):
        sid = b[i]; i += 1; n = shift = 0
        while True:
            x = b[i]; i += 1; n |= (x & 0x7f) << shift; shift += 7
            if x < 0x80: break
        out.setdefault({10: 'code', 11: 'data', 0: 'custom'}.get(sid, 'other'), []).append(b[i:i + n]); i += n
    return {k: len(gzip.compress(b''.join(v), 9)) for k, v in out.items()}
w, wo = sections(sys.argv[1]), sections(sys.argv[2])
print("wasm sections, gzip -9 bytes, with tables - without: " + ", ".join(
    f"{k} {w.get(k, 0) - wo.get(k, 0):+d}" for k in ("data", "code", "custom", "other")))
PY
fi
