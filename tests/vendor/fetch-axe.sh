#!/bin/sh
# Re-vendor axe-core (the accessibility rules the browser tests inject) from the npm registry at a
# pinned version. The tests read tests/vendor/axe-core/axe.min.js and never touch the network.
set -eu
VERSION=4.14.1
TARBALL_SHA1=14d8a6f3f085afd126b8b5ca1e42e50e17fb1d99   # `npm view axe-core@$VERSION dist.shasum`
here=$(cd "$(dirname "$0")" && pwd)
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
(cd "$work" && npm pack --silent "axe-core@$VERSION" >/dev/null)
echo "$TARBALL_SHA1  $work/axe-core-$VERSION.tgz" | sha1sum -c -
tar -xzf "$work/axe-core-$VERSION.tgz" -C "$work" package/axe.min.js package/LICENSE
mkdir -p "$here/axe-core"
cp "$work/package/axe.min.js" "$work/package/LICENSE" "$here/axe-core/"
echo "axe-core $VERSION → $here/axe-core/axe.min.js"
