# Sourced by ci/certify.sh, ci/stress.sh and ci/mutate.sh: the hash of the code under test.
#
#   code_hash ROOT   prints the SHA-256 of runtime/src/main: every file's path and content, in a fixed order
#
# Evidence files record it (provenance "codeHash"); the report compares it with the hash of the code it certifies and
# counts only evidence of that code: a commit that changes only docs or tests leaves the hash, and the evidence, as
# they were, while any change to the runtime's sources makes all earlier evidence stale. It hashes the working tree,
# committed or not, so evidence of uncommitted code is never taken for evidence of the commit.
code_hash() {
  (cd "$1" && find runtime/src/main -type f -print0 | LC_ALL=C sort -z | xargs -0 sha256sum | sha256sum | cut -c1-64)
}
