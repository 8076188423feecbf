"""Which Chromium the browser tests drive, and how it is started."""

import os
import shutil

# FACTS.md: what Debian's Chromium needs to run headless as root, offline and quietly.
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
]


def chromium_path():
    """Debian's Chromium, or one named by `CHROMIUM`, or None."""
    for candidate in (os.environ.get("CHROMIUM"), "/usr/bin/chromium"):
        if candidate and os.access(candidate, os.X_OK):
            return candidate
    return shutil.which("chromium") or shutil.which("chromium-browser")
