"""The documents people read (docs/documents.md): the family's plan as HTML and the network
map as SVG, made through the binding, then opened, printed and measured in headless
Chromium, as a person would: screenshots and PDFs are left in target/artefacts/documents."""

import pathlib
import re

import pytest

import kring

import browser
from story import walk

HOSTILE = "<script>document.title='pwned'</script><img src=x onerror=\"document.title='pwned'\">"


def test_the_plan_holds_what_the_family_agreed_in_either_language(store, clock):
    case, p = walk(store, clock)
    nl, en = store.plan_html(case), store.plan_html(case, lang="en")
    for html, lang in ((nl, "nl"), (en, "en")):
        assert html.startswith("<!DOCTYPE html>") and f'<html lang="{lang}"' in html
        for agreement in p["plan"]["agreements"]:
            assert agreement["what"] in html
        assert "An adult is there after school every day." in html
        assert "Truus Kramer" in html and "Anouk Veen" in html
        assert not re.search(r"https?://|<link|<script|src=", html)
    assert "Familiegroepsplan" in nl and "Family group plan" in en
    assert store.plan_html(case, version=1) != nl
    with pytest.raises(kring.InvalidInput):
        store.plan_html(case, lang="de")
    with pytest.raises(kring.NotFound):
        store.plan_html(case, version=9)
    with pytest.raises(kring.InvalidInput):
        store.plan_html(case, version=-1)
    with pytest.raises(kring.PermissionDenied):
        store.plan_html(case, reader=kring.Actor(store.new_id("person"), "network_member"))


def test_a_document_for_a_reader_is_scoped_and_logged(store, clock):
    case, p = walk(store, clock)
    grandma = kring.Actor(p["grandma"], "network_member")
    before = len(store.access_log(case=case))
    store.plan_html(case, reader=grandma)
    svg = store.network_map(case, reader=grandma)
    log = store.access_log(case=case)[before:]
    assert [(e.actor.person, e.what) for e in log] == [(p["grandma"], "case_for")] * 2
    assert svg.startswith("<svg") and "Truus Kramer" in svg
    # A regional manager does not see the circle: the map leaves it out.
    manager = store.history(case)[1].event.actor
    assert manager.role == "regional_manager"
    assert "Truus Kramer" not in store.network_map(case, reader=manager)


@pytest.mark.parametrize("lang", ["nl", "en"])
def test_the_plan_prints_on_a4_in_a_browser(store, clock, lang):
    case, p = walk(store, clock)
    page = browser.artefact(f"plan-{lang}.html", store.plan_html(case, lang=lang))
    browser.screenshot(page, page.with_suffix(".png"))
    pdf = browser.print_pdf(page, page.with_suffix(".pdf"))
    pages, (width, height) = browser.pdf_pages(pdf)
    assert (round(width), round(height)) == (595, 842), "A4"
    # The plan, then the framework stapled to it on a page of its own.
    assert 2 <= pages <= 6, pages
    text = browser.pdf_text(pdf)
    flat = " ".join(text.split())
    for agreement in p["plan"]["agreements"]:
        assert agreement["what"] in flat
    assert "Truus Kramer" in flat and "Rik Dekker" in flat
    last = " ".join(text.split("\f")[pages - 1].split())
    assert "An adult is there after school every day." in last
    assert "Sem goes to the neighbour" not in last, "the framework starts on its own page"


def test_nothing_overflows_with_thirty_in_the_circle(store, clock):
    case, p = walk(store, clock, extra=26)
    assert len(store.case(case).network) == 28
    for lang in ("nl", "en"):
        html = store.plan_html(case, lang=lang)
        assert browser.overflow(html) == [], lang
        page = browser.artefact(f"plan-30-{lang}.html", html)
        browser.screenshot(page, page.with_suffix(".png"))
        pages, _ = browser.pdf_pages(browser.print_pdf(page, page.with_suffix(".pdf")))
        assert pages >= 3
        svg = store.network_map(case, lang=lang)
        browser.artefact(f"map-30-{lang}.svg", svg)
        laid = browser.svg_text_boxes(svg)
        assert len(laid["boxes"]) > 60
        assert browser.overlaps(laid["boxes"]) == [], lang
        outside = [b["text"] for b in laid["boxes"]
                   if b["x"] < -0.5 or b["y"] < -0.5 or b["x"] + b["w"] > laid["width"] + 0.5 or b["y"] + b["h"] > laid["height"] + 0.5]
        assert outside == [], lang


def test_the_map_as_the_browser_draws_it(store, clock):
    case, _ = walk(store, clock)
    for lang in ("nl", "en"):
        svg = store.network_map(case, lang=lang)
        path = browser.artefact(f"map-{lang}.svg", svg)
        browser.screenshot(path, path.with_suffix(".png"), width=1100, height=1300)
        laid = browser.svg_text_boxes(svg)
        texts = [b["text"] for b in laid["boxes"]]
        assert "Sem Kramer" in texts and "Truus Kramer" in texts
        assert browser.overlaps(laid["boxes"]) == []


def test_a_name_with_markup_is_text_in_the_browser(store, clock):
    case, _ = walk(store, clock, names={"grandma": HOSTILE})
    html = store.plan_html(case, lang="en")
    assert "<script" not in html.lower()
    page = browser.artefact("plan-hostile.html", html)
    title, body = browser.title_and_text(page)
    assert "pwned" not in title
    assert "<script>document.title='pwned'</script>" in body
    svg = store.network_map(case, lang="en")
    assert "<script" not in svg.lower() and "<img" not in svg.lower()
    laid = browser.svg_text_boxes(svg)
    assert any(b["text"].startswith("<script>") for b in laid["boxes"])
