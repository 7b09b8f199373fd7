#!/bin/sh
# Re-vendor the site's charting library: Apache ECharts 6.1.0 from the npm registry, installed from
# scripts/echarts/package-lock.json (npm ci checks every package against the lockfile's sha512), bundled
# with esbuild to the parts the charts use (scripts/echarts/entry.js: lines, bars, grid, legend, SVG) and
# written to docs/javascripts/vendor/echarts.min.js with ECharts' licence and notice. The build and the
# site never touch the network: the bundle is committed, and this script checks it is what the pinned
# sources give (sha256 below; bump it with the versions).
set -eu
ECHARTS_INTEGRITY="sha512-q0yaFPggC9FUdsWH4blavRWFmxdrIodbkoKNAjJudAI6CA9gNPxHtV2RcZNEepZVlk4yvBYkOkbk6HIVpIyHZA=="  # `npm view echarts@6.1.0 dist.integrity`
BUNDLE_SHA256=0dae59534b341f557063eea970f51f248542d0712391f94f975f351c9f844f62
here=$(cd "$(dirname "$0")" && pwd)
source="$here/echarts"
target="$here/../docs/javascripts/vendor"
grep -q "\"integrity\": \"$ECHARTS_INTEGRITY\"" "$source/package-lock.json" || { echo "package-lock.json does not pin echarts 6.1.0" >&2; exit 1; }
(cd "$source" && npm ci --ignore-scripts --no-audit --no-fund --silent)
mkdir -p "$target"
"$source/node_modules/.bin/esbuild" "$source/entry.js" --bundle --minify --format=iife --legal-comments=none \
  --log-level=warning --outfile="$target/echarts.min.js.tmp"
{ printf '/*! Apache ECharts 6.1.0 (lines, bars, grid, legend, SVG renderer) | Apache License 2.0 | see echarts-LICENSE.txt, echarts-NOTICE.txt */\n'; cat "$target/echarts.min.js.tmp"; } > "$target/echarts.min.js"
rm "$target/echarts.min.js.tmp"
cp "$source/node_modules/echarts/LICENSE" "$target/echarts-LICENSE.txt"
cp "$source/node_modules/echarts/NOTICE" "$target/echarts-NOTICE.txt"
echo "$BUNDLE_SHA256  $target/echarts.min.js" | sha256sum -c -
