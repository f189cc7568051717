#!/usr/bin/env python3
"""Trunk post-build hook: puts the SHA-256 of every inline <script> of the built index.html into its
Content-Security-Policy meta, in place of the placeholder 'sha256-KILN-INLINE-SCRIPTS'.

Trunk injects its wasm loader as an inline module script whose text names the hashed file names,
so the hash changes with every build; a static host cannot hand out nonces, so the policy allows
exactly that script by its hash (CSP Level 2 hash sources). Fails the build when the placeholder
or the loader is missing, so a policy that would block the page is never shipped.
"""
import base64
import hashlib
import os
import re
import sys

PLACEHOLDER = "'sha256-KILN-INLINE-SCRIPTS'"


def main() -> int:
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
