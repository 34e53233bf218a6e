# Sourced by .ci/run: makes `node` the major of the functions' default Lambda runtime (nodejs22.x) or
# a later one. An older Node on the machine is passed over for the npm registry's `node` package
# (it ships the binary), installed once per machine under UPLOADS_NODE_PREFIX.
NODE_MAJOR=22
node_major() { node -p 'process.versions.node.split(".")[0]' 2>/dev/null || echo 0; }
if [ "$(node_major)" -lt "$NODE_MAJOR" ]; then
  node_prefix="${UPLOADS_NODE_PREFIX:-$HOME/.local/node$NODE_MAJOR}"
  if [ ! -x "$node_prefix/node_modules/.bin/node" ]; then
    npm install --prefix "$node_prefix" --no-save --no-audit --no-fund --loglevel=error "node@$NODE_MAJOR"
  fi
  export PATH="$node_prefix/node_modules/.bin:$PATH"
  if [ "$(node_major)" -lt "$NODE_MAJOR" ]; then
    echo "could not install Node $NODE_MAJOR into $node_prefix" >&2
    exit 1
  fi
fi
echo "testing with node $(node --version) ($(command -v node)), npm $(npm --version)"
