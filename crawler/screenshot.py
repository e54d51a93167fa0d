"""Screenshots of pages with a finding (`evidence.screenshots: true`): headless Chromium driven
by selenium, one browser for a run's pages. Optional: without chromium, chromedriver or
selenium, no screenshot is taken (logged once), never an error."""

from __future__ import annotations

import contextlib
import logging
import shutil
import tempfile
from typing import Any

log = logging.getLogger(__name__)
CHROMIUM = ("/usr/bin/chromium", "/usr/bin/chromium-browser", "/usr/bin/google-chrome")
CHROMEDRIVER = ("/usr/bin/chromedriver",)


class Screenshotter:
    """Callable: url -> PNG bytes (None when the page or the browser failed)."""

    def __init__(self, timeout: float = 15, width: int = 1280, height: int = 1600) -> None:
        self.timeout = timeout
        self.size = (width, height)
        self._driver: Any = None
        self._failed = False
        self._profile: str | None = None

    def _start(self) -> Any:
        if self._driver is not None or self._failed:
            return self._driver
        try:
            from selenium import webdriver
            from selenium.webdriver.chrome.service import Service

            binary = next((b for b in CHROMIUM if shutil.which(b)), None)
            driver_path = next((d for d in CHROMEDRIVER if shutil.which(d)), None) or shutil.which(
                "chromedriver"
            )
            options = webdriver.ChromeOptions()
            if binary:
                options.binary_location = binary
            self._profile = tempfile.mkdtemp(prefix="govaudit-chromium-")
            for flag in (f"--user-data-dir={self._profile}", "--headless=new", "--no-sandbox", "--disable-dev-shm-usage", "--disable-gpu",
                         "--ignore-certificate-errors", f"--window-size={self.size[0]},{self.size[1]}"):  # fmt: skip
                options.add_argument(flag)
            service = Service(driver_path) if driver_path else Service()
            self._driver = webdriver.Chrome(service=service, options=options)
            self._driver.set_page_load_timeout(self.timeout)
        except Exception as exc:  # noqa: BLE001 - no browser here: screenshots are optional
            log.warning("no screenshots (headless Chromium could not start): %s", exc)
            self._failed = True
        return self._driver

    def __call__(self, url: str) -> bytes | None:
        driver = self._start()
        if driver is None:
            return None
        try:
            driver.get(url)  # type: ignore[attr-defined]
            return driver.get_screenshot_as_png()  # type: ignore[attr-defined,no-any-return]
        except Exception as exc:  # noqa: BLE001 - a page that does not load has no picture
            log.info("no screenshot of %s: %s", url, exc)
            return None

    def close(self) -> None:
        if self._driver is not None:
            with contextlib.suppress(Exception):  # a browser that died already
                self._driver.quit()  # type: ignore[attr-defined]
            self._driver = None
        if self._profile:
            shutil.rmtree(self._profile, ignore_errors=True)
