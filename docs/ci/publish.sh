#!/bin/sh
# publish.sh: check, build, sign, verify and publish a congbo site.
#
# The CI workflows of docs/ci.md run this script; copy it into the site's
# repository as ci/publish.sh. cmd/congbo's TestCIWorkflows runs it too.
# Run it in the site's directory (the one holding site.yaml).
#
# Environment:
#   CONGBO_SIGNING_KEY  the unencrypted secret key (congbo keygen --no-password):
#                       its text (a CI secret) or the path of a file holding it
#                       (a GitLab variable of type File). Required.
#   CONGBO_DEPLOY       where to publish, for rsync: host:/dir/ or a local
#                       directory. Unset: build and verify only.
#   CONGBO_EXPIRES      how long the signature is valid (default 7d; the daily
#                       scheduled run re-signs).
#   CONGBO              the congbo command (default: congbo).
set -eu

congbo=${CONGBO:-congbo}
: "${CONGBO_SIGNING_KEY:?set CONGBO_SIGNING_KEY to the secret signing key (a CI secret)}"

tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT INT TERM

# The key never lands in the site or the repository: only in $tmp, mode 0600.
if [ -f "$CONGBO_SIGNING_KEY" ]; then
	key=$CONGBO_SIGNING_KEY
else
	key=$tmp/congbo.key
	(umask 077 && printf '%s\n' "$CONGBO_SIGNING_KEY" >"$key")
fi

# Readers and mirrors trust the public key site.yaml publishes
# (security.publicKey, on a line of its own): verify against that one.
pub=$(sed -n 's/^[[:space:]]*publicKey:[[:space:]]*\([A-Za-z0-9+/=]*\)[[:space:]]*\(#.*\)\{0,1\}$/\1/p' site.yaml)
if [ -z "$pub" ]; then
	echo "publish.sh: site.yaml has no security.publicKey line (add the second line of congbo.pub)" >&2
	exit 1
fi
printf 'untrusted comment: security.publicKey of site.yaml\n%s\n' "$pub" >"$tmp/congbo.pub"

# In a pull or merge request, problems also show on the lines of the files:
# GitHub reads workflow commands, GitLab a Code Quality report (an artifact).
annotate=
if [ "${GITHUB_ACTIONS:-}" = true ]; then
	annotate="--annotate github"
elif [ "${GITLAB_CI:-}" = true ]; then
	annotate="--codequality gl-code-quality-report.json"
fi
# shellcheck disable=SC2086 # $annotate is two words or none
"$congbo" check $annotate
# build refuses a key that is not the one site.yaml publishes.
"$congbo" build --sign "$key" --serial "$(date +%s)" --expires "${CONGBO_EXPIRES:-7d}"
"$congbo" verify public --pubkey "$tmp/congbo.pub"

if [ -n "${CONGBO_DEPLOY:-}" ]; then
	# Files first, the signed manifest last: a mirror pulling in between
	# sees the old manifest, refuses the new files and keeps what it serves.
	manifest=.well-known/congbo-manifest.txt
	rsync -a --delete --exclude="/$manifest" --exclude="/$manifest.minisig" public/ "$CONGBO_DEPLOY"
	rsync -a "public/$manifest" "public/$manifest.minisig" "${CONGBO_DEPLOY%/}/.well-known/"
	echo "publish.sh: published to $CONGBO_DEPLOY"
fi
