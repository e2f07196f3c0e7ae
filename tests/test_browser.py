"""A person in a browser: headless Chromium (Debian ``chromium`` and ``chromium-driver``, which
``.ci/run`` installs) reads the served site from the home page down to werkproces 2.3, in Dutch
and in English, and runs a query on the query page; and reads the published static site, put on
a plain static web server, the same way.

What the pages must show comes from the seed text (tests/seedtext.py), not from the data.
"""

from __future__ import annotations

import os
import shutil

import pytest

import seedtext
from seedtext import norm

webdriver = pytest.importorskip("selenium.webdriver", reason="selenium is in the test extra")
from selenium.common.exceptions import WebDriverException  # noqa: E402
from selenium.webdriver.common.by import By  # noqa: E402
from selenium.webdriver.support.ui import WebDriverWait  # noqa: E402

CHROMIUM = shutil.which("chromium") or shutil.which("chromium-browser") or shutil.which("google-chrome")
CHROMEDRIVER = shutil.which("chromedriver")
if not (CHROMIUM and CHROMEDRIVER):
    if os.environ.get("BCPGRAPH_REQUIRE_BROWSER"):  # CI: the browser test must run
        raise RuntimeError("BCPGRAPH_REQUIRE_BROWSER is set but chromium or chromedriver is not installed")
    pytest.skip("headless Chromium and chromedriver are not installed (.ci/run installs them)",
                allow_module_level=True)

PROFILE_NL = "Beroepscompetentieprofiel Contactcenter medewerker"


@pytest.fixture(scope="module")
def web_server(bcp_server):
    return bcp_server.url


@pytest.fixture(scope="module")
def seed():
    return seedtext.read()


@pytest.fixture(scope="module")
def browser():
    from selenium.webdriver.chrome.service import Service

    options = webdriver.ChromeOptions()
    options.binary_location = CHROMIUM
    for flag in ("--headless=new", "--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage",
                 "--no-first-run", "--disable-extensions", "--lang=nl"):
        options.add_argument(flag)
    # a Dutch reader's browser: Accept-Language nl first
    options.add_experimental_option("prefs", {"intl.accept_languages": "nl,en"})
    try:
        driver = webdriver.Chrome(service=Service(CHROMEDRIVER), options=options)
    except WebDriverException as exc:  # pragma: no cover - an installation problem, said plainly
        pytest.fail(f"headless Chromium did not start: {exc.msg}")
    driver.set_page_load_timeout(30)
    yield driver
    driver.quit()


def click_link(driver, text: str) -> None:
    """Click the link whose text is (or contains) ``text``, compared as the seed text is."""
    wanted = norm(text)
    links = driver.find_elements(By.TAG_NAME, "a")
    for link in links:
        if norm(link.text) == wanted:
            break
    else:
        matches = [a for a in links if wanted in norm(a.text)]
        assert matches, f"no link {text!r} on {driver.current_url}; links: {[a.text for a in links][:40]}"
        link = matches[0]
    link.click()
    WebDriverWait(driver, 10).until(lambda d: d.execute_script("return document.readyState") == "complete")


def page_text(driver) -> str:
    return norm(driver.find_element(By.TAG_NAME, "body").text)


def click_to_werkproces_2_3(browser, home: str, seed, *, page_ending: str) -> None:
    """From the home page at ``home``, by link text: the profile, kerntaak 2, werkproces 2.3,
    whose page shows what the seed lists for it; then to English and back."""
    wp = seed.work_process("2.3")
    core_task = next(t for t in seed.core_tasks if t.number == "2")
    browser.get(home)
    assert norm(PROFILE_NL) in page_text(browser)
    click_link(browser, PROFILE_NL)
    click_link(browser, core_task.title)
    assert "/kerntaak/2" in browser.current_url
    click_link(browser, wp.title)
    assert browser.current_url.split("?")[0].endswith("/werkproces/2.3" + page_ending), browser.current_url
    text = page_text(browser)
    assert norm(wp.title) in text
    for what in (wp.competencies, wp.results, wp.knowledge, wp.skills):
        missing = [item for item in what if norm(item) not in text]
        assert not missing, f"werkproces 2.3's page does not show {missing}"
    # the same page in English, one click away, and back
    browser.find_element(By.CSS_SELECTOR, 'a[hreflang="en"]').click()
    WebDriverWait(browser, 10).until(lambda d: d.find_element(By.TAG_NAME, "html").get_attribute("lang") == "en")
    assert "/werkproces/2.3" in browser.current_url
    browser.find_element(By.CSS_SELECTOR, 'a[hreflang="nl"]').click()
    WebDriverWait(browser, 10).until(lambda d: d.find_element(By.TAG_NAME, "html").get_attribute("lang") == "nl")


def test_a_person_clicks_from_the_home_page_to_werkproces_2_3(browser, web_server, seed):
    click_to_werkproces_2_3(browser, web_server + "/", seed, page_ending="")


@pytest.fixture(scope="module")
def static_host(tmp_path_factory):
    """The published site (``bcpgraph publish``) on a plain static web server on 127.0.0.1."""
    import functools
    import http.server
    import threading

    from bcpgraph.stores import open_store
    from bcpgraph.web.publish import publish

    site = publish(open_store(), tmp_path_factory.mktemp("published") / "site")
    handler = functools.partial(http.server.SimpleHTTPRequestHandler, directory=str(site))
    httpd = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
    thread = threading.Thread(target=httpd.serve_forever, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{httpd.server_address[1]}"
    httpd.shutdown()
    httpd.server_close()


def test_the_published_site_reads_the_same_on_a_static_host(browser, static_host, seed):
    click_to_werkproces_2_3(browser, static_host + "/index.html", seed, page_ending=".html")


def test_a_person_runs_a_query_on_the_query_page(browser, web_server, seed):
    browser.get(web_server + "/sparql")
    box = browser.find_element(By.ID, "query")
    box.clear()
    box.send_keys("PREFIX bcp: <https://w3id.org/bcpgraph/def/>\n"
                  "PREFIX skos: <http://www.w3.org/2004/02/skos/core#>\n"
                  "SELECT ?kerntaak ?title WHERE { ?kerntaak a bcp:CoreTask ; skos:prefLabel ?title "
                  "FILTER(LANG(?title) = 'nl') }")
    browser.find_element(By.ID, "run").click()
    WebDriverWait(browser, 20).until(
        lambda d: len(d.find_elements(By.CSS_SELECTOR, "#results tbody tr")) >= len(seed.core_tasks))
    table = norm(browser.find_element(By.ID, "results").text)
    for task in seed.core_tasks:
        assert norm(task.title) in table
    # IRIs under the base are links to their pages, which open. The server also holds the test
    # profiles, whose rows come in no fixed order: click the shipped profile's kerntaak 2.
    task = next(t for t in seed.core_tasks if t.number == "2")
    browser.find_element(By.CSS_SELECTOR,
                         "#results tbody a[href*='/contactcenter-medewerker-2010/kerntaak/2']").click()
    # the click does not wait for the new page: wait until it is there (its URL changes first)
    WebDriverWait(browser, 10).until(
        lambda d: "/kerntaak/" in d.current_url and norm(task.title) in page_text(d))
    # the kerntaak page lists its werkprocessen, as the seed does
    for wp in (w for w in seed.work_processes if w.number.split(".")[0] == task.number):
        assert norm(wp.title) in page_text(browser)
