import pytest

pytestmark = pytest.mark.browser


def test_a_visitor_reads_the_demo_monograph(page, live_demo, screenshot_path):
    page.goto(f"{live_demo.url}/")
    page.get_by_role("link", name="Cerebrolysin").first.click()

    page.wait_for_url("**/compounds/cerebrolysin/")
    assert page.get_by_role("heading", level=1).inner_text() == (
        "Cerebrolysin: Mechanism, Research Evidence, and Safety"
    )
    page.get_by_role("link", name="2", exact=True).first.click()  # a citation marker
    assert page.evaluate("location.hash") == "#ref-2"
    assert page.locator("#ref-2").is_visible()
    assert "2.39, 95% CI 1.10 to 5.23" in page.inner_text("main")

    path = screenshot_path("monograph-cerebrolysin")
    page.screenshot(path=path, full_page=True)
    assert path.stat().st_size > 50_000
