#!/usr/bin/env bash
# Installs the Debian packages Homecoming needs, and only when they are missing.
#   scripts/system-packages.sh runtime  — what the app itself needs: pango and the DejaVu fonts
#                                         for the PDF reports (WeasyPrint; Kazakh letters included)
#   scripts/system-packages.sh          — that, and what the test suite needs: Chromium for the
#                                         browser tests, PostgreSQL for the second run, gettext for
#                                         the catalogues, npm for the test-only axe-core
#                                         (package.json), poppler-utils (pdftotext) to read PDFs back
set -euo pipefail
missing=()
compgen -G "/usr/lib/*/libpango-1.0.so.0" >/dev/null || missing+=(libpango-1.0-0)
compgen -G "/usr/lib/*/libpangoft2-1.0.so.0" >/dev/null || missing+=(libpangoft2-1.0-0)
[ -f /usr/share/fonts/truetype/dejavu/DejaVuSans.ttf ] || missing+=(fonts-dejavu-core)
if [ "${1:-}" != "runtime" ]; then
  [ -x /usr/bin/chromium ] || missing+=(chromium)
  compgen -G "/usr/lib/postgresql/*/bin/initdb" >/dev/null || missing+=(postgresql)
  command -v msgfmt >/dev/null || missing+=(gettext)
  command -v npm >/dev/null || missing+=(npm)
  command -v pdftotext >/dev/null || missing+=(poppler-utils)
fi
[ ${#missing[@]} -eq 0 ] && exit 0
echo "Installing Debian packages: ${missing[*]}"
sudo=""
if [ "$(id -u)" -ne 0 ]; then
  command -v sudo >/dev/null || { echo "Please install as root: apt-get install ${missing[*]}" >&2; exit 1; }
  sudo="sudo"
fi
export DEBIAN_FRONTEND=noninteractive
$sudo apt-get update -qq
$sudo apt-get install -y -qq "${missing[@]}" >/dev/null
