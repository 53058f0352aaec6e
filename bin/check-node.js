// Imported by bin/vipctl.js before anything else loads: on a Node older than package.json's "engines" floor, say so
// plainly (exit 6, the controller lacks something) instead of failing later with an obscure error.
const [major = 0, minor = 0] = process.versions.node.split('.').map(Number);
if (major < 20 || (major === 20 && minor < 19) || (major === 22 && minor < 12)) {
  process.stderr.write(
    `vipctl: this is Node ${process.versions.node} (${process.execPath}); vipctl needs Node 20.19+, 22.12+ or 24+\n`,
  );
  process.exit(6);
}
