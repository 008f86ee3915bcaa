#!/usr/bin/env bash
# Copies the browser layer's screenshots of a template's pages into the template, byte for
# byte, where its README shows them (templates/<id>/files/docs/screenshot-<page>-<scheme>.png).
# Run it after `CBP_E2E_BROWSER=1 npm run test:e2e` has written .e2e-screenshots/<id>/.
# Usage: bash scripts/screenshots.sh django-blog home
set -euo pipefail
root="$(cd "$(dirname "$0")/.." && pwd)"
template="${1:?template id, e.g. django-blog}"
shift
pages=("${@:-home}")
source="$root/.e2e-screenshots/$template"
target="$root/templates/$template/files/docs"
mkdir -p "$target"
for page in "${pages[@]}"; do
  for scheme in light dark; do
    shot="$source/$page-$scheme.png"
    [ -f "$shot" ] || { echo "no $shot: run the e2e suite with CBP_E2E_BROWSER=1 first" >&2; exit 1; }
    cp "$shot" "$target/screenshot-$page-$scheme.png"
    echo "copied $shot"
  done
done
