#!/usr/bin/env bash
# Re-create assets/vendor/ from the npm registry: the app serves these itself (no CDN at run time).
# Bootstrap's CSS, the Inter font (latin subset, three weights), three flags for the kiosk,
# plotly.js's basic partial bundle for the charts (assets/charts.js; the version of the plotly package),
# the generator runtime Dash's bundles call (in place of Dash's @babel/polyfill: dashboard/factory.py),
# and for the street basemap MapLibre GL, its Leaflet binding and the Noto Sans glyphs its labels use
# (dashboard/basemap.py; the Noto licence text, the SIL OFL, is kept as committed: the package has none).
set -euo pipefail
cd "$(dirname "$0")/.."
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
(cd "$work" && npm pack --silent bootstrap@5.3.9 @fontsource/inter@5.3.0 flag-icons@7.5.0 \
    plotly.js-basic-dist-min@4.1.1 maplibre-gl@5.24.1 @maplibre/maplibre-gl-leaflet@0.1.4 \
    tileserver-gl-styles@2.0.0 regenerator-runtime@0.14.1 >/dev/null)
unpack() { mkdir -p "$work/$1" && tar -xzf "$work/$2" -C "$work/$1" --strip-components=1; }
unpack bootstrap bootstrap-5.3.9.tgz
unpack inter fontsource-inter-5.3.0.tgz
unpack flags flag-icons-7.5.0.tgz
unpack plotly plotly.js-basic-dist-min-4.1.1.tgz
unpack maplibre maplibre-gl-5.24.1.tgz
unpack binding maplibre-maplibre-gl-leaflet-0.1.4.tgz
unpack styles tileserver-gl-styles-2.0.0.tgz
unpack regenerator regenerator-runtime-0.14.1.tgz

vendor=assets/vendor
mkdir -p "$vendor/fonts" "$vendor/flags" "$vendor/plotly" "$vendor/maplibre" "$vendor/glyphs/Noto Sans Regular" \
    "$vendor/regenerator-runtime"
# The source map comment would make browsers ask for a file that is not served.
sed '/sourceMappingURL/d' "$work/bootstrap/dist/css/bootstrap.min.css" > "$vendor/bootstrap.min.css"
for weight in 400 600 700; do
  cp "$work/inter/files/inter-latin-$weight-normal.woff2" "$vendor/fonts/"
done
cp "$work/inter/LICENSE" "$vendor/fonts/LICENSE-Inter.txt"
for flag in gb fr de; do
  cp "$work/flags/flags/4x3/$flag.svg" "$vendor/flags/"
done
cp "$work/flags/LICENSE" "$vendor/flags/LICENSE-flag-icons.txt"
sed '/sourceMappingURL/d' "$work/plotly/plotly-basic.min.js" > "$vendor/plotly/plotly-basic.min.js"
cp "$work/plotly/LICENSE" "$vendor/plotly/LICENSE-plotly.js.txt"
cp "$work/maplibre/dist/maplibre-gl.js" "$work/maplibre/dist/maplibre-gl.css" "$vendor/maplibre/"
cp "$work/maplibre/LICENSE.txt" "$vendor/maplibre/LICENSE-maplibre-gl.txt"
cp "$work/binding/leaflet-maplibre-gl.js" "$vendor/maplibre/"
# Latin, Latin Extended and the punctuation block (’, –, …): the names of the four regions' places.
for range in 0-255 256-511 8192-8447; do
  cp "$work/styles/fonts/Noto Sans Regular/$range.pbf" "$vendor/glyphs/Noto Sans Regular/"
done
cp "$work/regenerator/runtime.js" "$work/regenerator/LICENSE" "$vendor/regenerator-runtime/"
echo "assets/vendor/ refreshed"
