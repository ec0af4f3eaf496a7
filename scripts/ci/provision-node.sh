#!/usr/bin/env bash
# Prints the bin folder of a Node 24 LTS to put first on PATH. The product runs on the Node that
# Electron 45 embeds (24); a machine whose own Node is older gets 24 from the npm registry's `node`
# package (it ships the binary and headers), cached per user so a second run costs nothing.
set -euo pipefail
NODE_VERSION=24.21.0

current_major="$(node -p 'process.versions.node.split(".")[0]' 2>/dev/null || echo 0)"
if [ "$current_major" -ge 24 ]; then
  dirname "$(command -v node)"
  exit 0
fi

prefix="${XDG_CACHE_HOME:-$HOME/.cache}/saraphina/node-$NODE_VERSION"
bin="$prefix/node_modules/node/bin"
if [ ! -x "$bin/node" ] || [ "$("$bin/node" --version)" != "v$NODE_VERSION" ]; then
  mkdir -p "$prefix"
  npm install --prefix "$prefix" --no-save --no-audit --no-fund --loglevel=error "node@$NODE_VERSION" >&2
fi
echo "$bin"
