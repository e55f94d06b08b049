"""A headless Chromium for tests (selenium), or a clear reason why there is none."""

from __future__ import annotations

import shutil
import tempfile

CHROMIUM_NAMES = ("chromium", "chromium-browser", "google-chrome", "google-chrome-stable")
DRIVER_NAMES = ("chromedriver",)
# Chromium run as root on a machine without network: no sandbox, no GPU, nothing that phones home.
CHROMIUM_FLAGS = ("--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
                  "--disable-background-networking", "--disable-component-update", "--disable-sync",
                  "--disable-dev-shm-usage", "--window-size=1400,1000")


def _which(names) -> str | None:
    for n in names:
        path = shutil.which(n)
        if path:
            return path
    return None


def why_no_browser() -> str | None:
    """None when a browser can be started, else the reason (for pytest.skip)."""
    try:
        import selenium  # noqa: F401
    except ImportError:
        return "selenium is not installed (pip install -e '.[test]')"
    if _which(CHROMIUM_NAMES) is None:
        return "no chromium binary on PATH (apt-get install chromium chromium-driver)"
    if _which(DRIVER_NAMES) is None:
        return "no chromedriver on PATH (apt-get install chromium-driver)"
    return None


def start_chromium(profile_dir: str | None = None):
    """A selenium WebDriver on a headless Chromium with a fresh profile directory."""
    from selenium import webdriver
    from selenium.webdriver.chrome.service import Service

    opts = webdriver.ChromeOptions()
    opts.binary_location = _which(CHROMIUM_NAMES)
    for flag in CHROMIUM_FLAGS:
        opts.add_argument(flag)
    opts.add_argument(f"--user-data-dir={profile_dir or tempfile.mkdtemp(prefix='cleaner-chromium-')}")
    return webdriver.Chrome(options=opts, service=Service(executable_path=_which(DRIVER_NAMES)))
