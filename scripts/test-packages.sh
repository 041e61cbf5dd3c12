#!/usr/bin/env bash
# The packages as users install them, outside this tree: the wheel `pip wheel` builds, in a
# fresh virtual environment, passes the Python tests; the tarball `npm pack` makes, installed
# into a fresh project, loads with `require` and with `import`, and its types check with
# `tsc --strict`. Installs what it needs itself (maturin, pytest and the rest from PyPI).
set -euo pipefail
root="$(cd "$(dirname "$0")/.." && pwd)"
export CARGO_TARGET_DIR="$root/target"
work="$(mktemp -d)"
trap 'rm -rf "$work"' EXIT

echo "-- packages: pip wheel, into a fresh virtual environment"
python3 -m venv "$work/venv"
py="$work/venv/bin/python"
"$py" -m pip install --quiet --disable-pip-version-check --upgrade pip
"$py" -m pip wheel --quiet --disable-pip-version-check --no-deps -w "$work/wheels" "$root/bindings/python"
"$py" -m pip install --quiet --disable-pip-version-check "$work"/wheels/kring-*.whl \
  "pytest>=8" "hypothesis>=6.100" "typing_extensions>=4.15" "pandas>=2" "mypy>=1.15" \
  "jsonschema>=4.18" "rfc3339-validator>=0.1.4"
# The tests import the installed package, not the source tree.
installed="$(cd "$work" && "$py" -c 'import kring; print(kring.__file__)')"
case "$installed" in
  "$work"/venv/*) echo "kring from $installed" ;;
  *) echo "the tests would not import the wheel but $installed" >&2; exit 1 ;;
esac
(cd "$work" && "$py" -m pytest -q -p no:cacheprovider "$root/bindings/python/tests")

echo "-- packages: npm pack, into a fresh project"
cd "$root/bindings/node"
[ -d node_modules ] || npm install --no-audit --no-fund --loglevel=error
[ -e kring.node ] || npm run --silent build:debug
tarball="$(npm pack --silent --pack-destination "$work" | tail -n 1)"
mkdir "$work/app"
cd "$work/app"
npm init -y >/dev/null
npm install --no-audit --no-fund --loglevel=error "$work/$tarball"
node -e "
const kring = require('kring')
const s = kring.Store.inMemory()
if (s.count() !== 0 || !(new kring.Conflict('x', 'conflict') instanceof kring.KringError)) process.exit(1)
console.log('require: kring', kring.FORMAT_VERSION)
"
node --input-type=module -e "
import kring, { Store, FORMAT_VERSION } from 'kring'
const ids = await Store.inMemory().generate({ seed: 1, count: 1 })
if (ids.length !== 1 || kring.Store !== Store) process.exit(1)
console.log('import: kring', FORMAT_VERSION)
"
cat > check.ts <<'TS'
import { Store, Conflict, type Actor, type CaseView } from 'kring'

async function main(): Promise<void> {
  const store = Store.inMemory()
  const [id] = await store.generate({ seed: 2, count: 1 })
  const c = await store.case(id)
  const reader: Actor = { person: c.requested_by.person, role: c.requested_by.role, on_behalf_of: null }
  const view: CaseView = await store.caseFor(id, reader)
  const phase: string = view.phase
  try {
    await store.execute(id, reader, 'withdraw', { reason: 'x' }, { expectedVersion: c.version - 1 })
  } catch (e) {
    if (!(e instanceof Conflict)) throw e
  }
  console.log(phase)
}
void main()
TS
"$root/bindings/node/node_modules/.bin/tsc" --strict --noEmit --skipLibCheck false \
  --module nodenext --moduleResolution nodenext --target es2022 \
  --typeRoots "$root/bindings/node/node_modules/@types" --types node check.ts
echo "types: check.ts compiles against the installed package"
