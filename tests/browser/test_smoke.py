def test_home_page_and_language_switch(live_server, page):
    page.goto(live_server + "/")
    assert page.locator("h1").inner_text().startswith("Peacekeeping")
    page.click("#lang-switch")
    page.wait_for_load_state()
    assert page.locator("html").get_attribute("lang") == "fr"
