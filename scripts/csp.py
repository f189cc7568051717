#!/usr/bin/env python3
"""Trunk post-build hook: puts the SHA-256 of every inline <script> of the built index.html into its
Content-Security-Policy meta, in place of the placeholder 'sha256-KILN-INLINE-SCRIPTS'.

Trunk injects its wasm loader as an inline module script whose text names the hashed file names,
so the hash changes with every build; a static host cannot hand out nonces, so the policy allows
exactly that script by its hash (CSP Level 2 hash sources). Fails the build when the placeholder
or the loader is missing, so a policy that would block the page is never shipped.

It also fails when `trunk serve`'s header policy (Trunk.toml `[serve] csp`, with Trunk's nonce in
place of the hash) says anything else than the meta policy. `python3 scripts/csp.py --check` runs
that comparison alone, without a build.
"""
import base64
import hashlib
import os
import re
import sys
import tomllib

PLACEHOLDER = "'sha256-KILN-INLINE-SCRIPTS'"
NONCE = "'nonce-{{NONCE}}'"
ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))


def directives(policy: str) -> list[str]:
    """A policy's directives, each with single spaces, in order."""
    return [" ".join(d.split()) for d in policy.split(";") if d.strip()]


def meta_policy(html: str) -> str | None:
    m = re.search(r'<meta http-equiv="Content-Security-Policy" content="([^"]*)"', html)
    return m.group(1) if m else None


def check_serve_policy(html: str) -> str | None:
    """None when Trunk.toml's `[serve] csp` is the meta policy of `html` (nonce for hash), else why not."""
    meta = meta_policy(html)
    if meta is None:
        return "index.html has no Content-Security-Policy meta"
    with open(os.path.join(ROOT, "Trunk.toml"), "rb") as f:
        serve = tomllib.load(f).get("serve", {}).get("csp")
    if serve is None:
        return "Trunk.toml has no [serve] csp"
    want = [d.replace(PLACEHOLDER, NONCE) for d in directives(meta)]
    got = directives(";".join(serve))
    if want != got:
        return f"Trunk.toml [serve] csp differs from the meta policy:\n  meta:  {want}\n  serve: {got}"
    return None


def main() -> int:
    if sys.argv[1:] == ["--check"]:
        with open(os.path.join(ROOT, "www", "index.html"), encoding="utf-8") as f:
            problem = check_serve_policy(f.read())
        print(f"csp.py: {problem}" if problem else "csp.py: Trunk.toml [serve] csp is the meta policy", file=sys.stderr)
        return 1 if problem else 0
    staging = os.environ.get("TRUNK_STAGING_DIR")
    if not staging:
        print("csp.py: TRUNK_STAGING_DIR is not set (run it as a Trunk post_build hook)", file=sys.stderr)
        return 1
    path = os.path.join(staging, "index.html")
    with open(path, encoding="utf-8") as f:
        html = f.read()
    if PLACEHOLDER not in html:
        print(f"csp.py: {path} has no {PLACEHOLDER} in its Content-Security-Policy", file=sys.stderr)
        return 1
    problem = check_serve_policy(html)
    if problem:
        print(f"csp.py: {problem}", file=sys.stderr)
        return 1
    inline = [m.group(2) for m in re.finditer(r"<script\b([^>]*)>(.*?)</script>", html, re.S) if "src=" not in m.group(1)]
    if not inline:
        print(f"csp.py: {path} has no inline script (Trunk's loader)", file=sys.stderr)
        return 1
    hashes = " ".join(
        "'sha256-" + base64.b64encode(hashlib.sha256(s.encode("utf-8")).digest()).decode() + "'" for s in inline
    )
    with open(path, "w", encoding="utf-8") as f:
        f.write(html.replace(PLACEHOLDER, hashes))
    print(f"csp.py: {len(inline)} inline script(s) allowed by hash")
    return 0


if __name__ == "__main__":
    sys.exit(main())
