"""The voice page in real headless Chromium, against a stand-in for the OpenAI API that completes WebRTC over loopback.

Marked ``browser`` and run by ``tox -e browser`` (Python 3.11+): Debian's ``chromium``
and ``chromium-driver`` (``.ci/run`` installs them), selenium with an explicit
chromedriver service (Selenium Manager never runs), ``aiortc`` + ``aiohttp`` for the
stand-in (``phone/standin.py``). Skipped with the reason where any of these is missing.

What it proves, in each of the page's modes (the server creates the call through
``SdpProxyView``; the page gets an ephemeral key from ``ClientSecretView`` and posts its
offer to the API itself; the server creates a Live session through ``LiveOfferView``):
the peer connection reaches ``connected``, a data-channel event goes each way, the API
key never reaches the browser and, through the server's views, neither does the call or
session id; an anonymous page gets the documented 403, and an upstream error shows a
readable message in the page.
"""

import json
import os
import shutil
import sys
import tempfile
import time
from typing import Any, Dict, Iterator, List

import pytest

pytestmark = pytest.mark.browser

if sys.version_info < (3, 11):
    pytest.skip("aiortc (the WebRTC stand-in) needs Python 3.11+", allow_module_level=True)
CHROMIUM = shutil.which("chromium") or shutil.which("chromium-browser")
CHROMEDRIVER = shutil.which("chromedriver")
if CHROMIUM is None or CHROMEDRIVER is None:
    pytest.skip(
        "chromium and chromedriver are not installed (apt-get install chromium chromium-driver)",
        allow_module_level=True,
    )
webdriver = pytest.importorskip("selenium.webdriver", reason="selenium is not installed (tox -e browser)")
pytest.importorskip("aiortc", reason="aiortc is not installed (tox -e browser)")
pytest.importorskip("aiohttp", reason="aiohttp is not installed (tox -e browser)")

from django.test import Client  # noqa: E402
from phone.standin import StandIn  # noqa: E402
from selenium.webdriver.chrome.service import Service  # noqa: E402
from selenium.webdriver.support.ui import WebDriverWait  # noqa: E402

API_KEY = "sk-browser-canary-DO-NOT-LEAK-0123456789"
CREATES = ("/v1/realtime/calls", "/v1/live/sessions")
WAIT = 30  # seconds a step may take on a loaded 2-core machine; passing runs take 5-7 s in all


@pytest.fixture(autouse=True)
def _selected(request: Any) -> None:
    if "browser" not in (request.config.getoption("markexpr") or ""):
        pytest.skip("starts Chromium: run with -m browser (tox -e browser)")


@pytest.fixture
def standin() -> Iterator[StandIn]:
    with StandIn() as server:
        yield server


@pytest.fixture
def site(live_server: Any, settings: Any, standin: StandIn) -> str:
    # Real HTTP from the Django views to the stand-in: no replay transport here.
    configured = {k: v for k, v in settings.REALTIME_SYNC.items() if k != "TRANSPORT"}
    settings.REALTIME_SYNC = dict(configured, API_KEY=API_KEY, BASE_URL=standin.url, MAX_RETRIES=0)
    url: str = live_server.url
    return url


@pytest.fixture
def browser() -> Iterator[Any]:
    os.environ["SE_AVOID_STATS"] = "true"  # and the explicit Service: Selenium Manager never runs
    profile = tempfile.mkdtemp(prefix="realtime-sync-chromium-")
    options = webdriver.ChromeOptions()
    options.binary_location = CHROMIUM
    for flag in (
        "--headless=new",
        "--no-sandbox",
        "--use-fake-ui-for-media-stream",
        "--use-fake-device-for-media-stream",
        "--allow-loopback-in-peer-connection",
        "--disable-background-networking",
        "--disable-component-update",
        "--disable-sync",
        "--no-first-run",
        "--disable-dev-shm-usage",
        "--user-data-dir=" + profile,
    ):
        options.add_argument(flag)
    options.set_capability("goog:loggingPrefs", {"performance": "ALL"})
    driver = webdriver.Chrome(service=Service(executable_path=CHROMEDRIVER), options=options)
    driver.execute_cdp_cmd("Network.enable", {})
    try:
        yield driver
    finally:
        driver.quit()
        shutil.rmtree(profile, ignore_errors=True)


def log_in(driver: Any, site: str, django_user_model: Any) -> None:
    client = Client()
    client.force_login(django_user_model.objects.create_user(username="ada"))
    driver.get(site + "/admin/login/")  # any page of the site, to set its cookie
    driver.add_cookie({"name": "sessionid", "value": client.cookies["sessionid"].value, "path": "/"})


def voice(driver: Any) -> Dict[str, Any]:
    state: Dict[str, Any] = driver.execute_script("return window.voice")
    return state


def wait_for(driver: Any, condition: Any, what: str) -> None:
    try:
        WebDriverWait(driver, WAIT, poll_frequency=0.1).until(lambda d: condition(voice(d)))
    except Exception:
        raise AssertionError("%s: the page says %r" % (what, voice(driver))) from None


def everything_the_browser_received(driver: Any) -> str:
    """Every response header and body the browser got (Chrome's network log), and the page as rendered."""
    seen: List[str] = [driver.page_source]
    for entry in driver.get_log("performance"):
        message = json.loads(entry["message"])["message"]
        if message["method"] != "Network.responseReceived":
            continue
        response = message["params"]["response"]
        seen.append(json.dumps(response.get("headers", {})))
        seen.append(response.get("url", ""))
        try:
            body = driver.execute_cdp_cmd("Network.getResponseBody", {"requestId": message["params"]["requestId"]})
            seen.append(body.get("body", ""))
        except Exception:
            pass  # a response without a body (a preflight)
    return "\n".join(seen)


@pytest.mark.parametrize("mode", ["proxy", "key", "live"])
def test_a_call_connects_and_events_flow_both_ways(
    mode: str, site: str, browser: Any, standin: StandIn, django_user_model: Any
) -> None:
    log_in(browser, site, django_user_model)
    browser.get(site + "/")
    assert "Logged in as ada" in browser.page_source
    browser.find_element("id", "start-" + mode).click()
    wait_for(browser, lambda v: v["state"] == "connected" or v["error"], "the peer connection")
    assert voice(browser)["state"] == "connected", voice(browser)
    wait_for(browser, lambda v: {"<-", "->"} <= {e["direction"] for e in v["events"]}, "events both ways")
    events = voice(browser)["events"]
    assert {"direction": "<-", "type": "session.created"} in events
    assert {"direction": "->", "type": "response.create"} in events
    # The stand-in got the browser's event over the data channel, and connected too.
    deadline = time.monotonic() + WAIT
    while not standin.events_received and time.monotonic() < deadline:
        time.sleep(0.05)
    assert standin.events_received == [{"type": "response.create"}]
    assert "connected" in standin.states

    created = [r for r in standin.requests if r["path"] in CREATES and r["method"] == "POST"]
    [create] = created
    received = everything_the_browser_received(browser)
    assert API_KEY not in received
    if mode == "live":
        # LiveOfferView: the server's key, the server's data-channel permissions; no session id to the page.
        assert create["headers"]["authorization"] == "Bearer " + API_KEY and "origin" not in create["headers"]
        sent = json.loads(create["body"])
        assert sent["session"]["client"]["data_channel"]["allowed_client_events"] == []
        assert standin.call_ids[0] not in received and "live_" not in received
    elif mode == "proxy":
        # The server created the call with its own key; the browser saw neither the key nor the call id.
        assert create["headers"]["authorization"] == "Bearer " + API_KEY and "origin" not in create["headers"]
        assert standin.call_ids[0] not in received
        assert "rtc_" not in received
    else:
        # The browser posted its offer itself, with the ephemeral key the server minted, never the API key.
        assert create["headers"]["authorization"].startswith("Bearer ek_standin_")
        assert "origin" in create["headers"]
        [mint] = [r for r in standin.requests if r["path"] == "/v1/realtime/client_secrets"]
        assert mint["headers"]["authorization"] == "Bearer " + API_KEY and "origin" not in mint["headers"]
    assert all(
        API_KEY not in r["headers"].get("authorization", "") for r in standin.requests if "origin" in r["headers"]
    )


@pytest.mark.parametrize("mode", ["proxy", "key", "live"])
def test_an_anonymous_page_gets_the_documented_403(
    mode: str, site: str, browser: Any, standin: StandIn, db: Any
) -> None:
    browser.get(site + "/")
    assert "Not logged in" in browser.page_source
    browser.find_element("id", "start-" + mode).click()
    wait_for(browser, lambda v: v["error"], "the refusal")
    assert voice(browser)["error"] == "403: authentication required"
    assert browser.find_element("id", "error").text == "Could not start the call: 403: authentication required"
    assert [r for r in standin.requests if r["method"] == "POST"] == []


@pytest.mark.parametrize(
    "mode, shown",
    [
        ("proxy", "502: could not create the call"),  # SdpProxyView's JSON error, never the upstream's
        ("live", "502: could not create the session"),  # LiveOfferView's
        ("key", "500: The server had an error while processing your request."),  # OpenAI's own error, to the page
    ],
)
def test_an_upstream_error_is_readable_in_the_page(
    mode: str, shown: str, site: str, browser: Any, standin: StandIn, django_user_model: Any
) -> None:
    standin.fail_next.append(
        (500, {"error": {"message": "The server had an error while processing your request.", "type": "server_error"}})
    )
    log_in(browser, site, django_user_model)
    browser.get(site + "/")
    browser.find_element("id", "start-" + mode).click()
    wait_for(browser, lambda v: v["error"], "the upstream error")
    assert voice(browser)["error"] == shown
    assert voice(browser)["state"] != "connected"
    assert browser.find_element("id", "error").text == "Could not start the call: " + shown
