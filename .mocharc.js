// Tests run over the compiled package (dist/), as users run it.
module.exports = {
  spec: ["dist/tests/**/*.test.js"],
  timeout: 120000,
  reporter: "./tests/reporter.js",
  exit: true,
};
