"""The report of the standard measures (docs/documents.md, "The report"), as a regional
manager gets it: `kring report` run on a store file of generated cases, the page opened in
headless Chromium (a screenshot, the charts as the browser lays them out, the console and the
network), and printed to PDF on A4 with the key figures in its text. Screenshots and PDFs are
left in target/artefacts/report. Then the same report from Python (`Store.report_html`): the
command's bytes for the same options and day, both languages, and its refusals."""

import json
import os
import pathlib
import re
import shutil
import subprocess
import xml.etree.ElementTree as ET
from datetime import date, datetime, timezone

import pytest

import kring

import browser

ROOT = pathlib.Path(__file__).resolve().parents[3]
SVG = "{http://www.w3.org/2000/svg}"
# A pseudonymisation key: 32 bytes, many of them distinct.
KEY = b"report key for the python tests!"
VARIANTS_EN = {"family": "Family", "restorative": "Restorative", "community": "Community", "learning": "Learning"}


def kring_binary():
    """The `kring` command: $KRING_BIN, or the one `cargo test --workspace` built, built
    here when it is missing or older than the report."""
    path = pathlib.Path(os.environ.get("KRING_BIN") or ROOT / "target" / "debug" / "kring")
    knows = path.exists() and subprocess.run([str(path), "help", "report"], capture_output=True).returncode == 0
    if not knows:
        if not shutil.which("cargo"):
            pytest.skip(f"no kring command at {path}, and no cargo to build it")
        subprocess.run(["cargo", "build", "--quiet", "-p", "kring-cli"], cwd=ROOT, check=True)
    return path


def run(*args, cwd):
    out = subprocess.run([str(kring_binary()), *args], cwd=cwd, capture_output=True, text=True, timeout=300)
    return out.returncode, out.stdout, out.stderr


@pytest.fixture(scope="module")
def made(tmp_path_factory):
    """A store file of 150 generated cases and a key file beside it."""
    where = tmp_path_factory.mktemp("report")
    store = kring.Store.create(where / "cases.kring")
    try:
        assert len(store.generate(seed=11, count=150)) == 150
    finally:
        store.close()
    (where / "key").write_bytes(KEY)
    return where


def report(made, name, *options):
    """`kring report` into target/artefacts/report/NAME; the page's path and its text."""
    page = browser.artefact_in("report", name, "")
    code, out, err = run("report", "cases.kring", "--out", str(page), *options, cwd=made)
    assert code == 0 and out == "" and err == "", err
    return page, page.read_text(encoding="utf-8")


def figures(made, *options):
    """The measures `kring measures` gives for the same options: what the report shows."""
    code, out, err = run("measures", "cases.kring", *options, cwd=made)
    assert code == 0, err
    return json.loads(out)


def svgs(html):
    """Every inline SVG of the page, parsed as XML (a parser that accepts nothing else)."""
    return [ET.fromstring(s) for s in re.findall(r"<svg\b.*?</svg>", html, re.S)]


@pytest.mark.parametrize("lang", ["en", "nl"])
def test_the_report_opens_shows_its_charts_and_prints_on_a4(made, lang):
    options = ("--key-file", "key", "--group-by", "variant", "--lang", lang)
    page, html = report(made, f"report-variant-{lang}.html", *options)
    measures = figures(made, "--key-file", "key", "--group-by", "variant")
    assert measures["pseudonymised"] and len(measures["groups"]) == 4

    # Nothing but the file: no console message, no request, nothing fetched.
    console, requests = browser.console_and_requests(page)
    assert console == [] and requests == []
    laid = browser.layout(html)
    assert laid["resources"] == []
    assert laid["width"] > 600 and laid["height"] > 3000, laid
    # The charts: shown, with a size and shapes, each with a title that says what it shows.
    charts = laid["svgs"]
    assert len(charts) >= 8, charts
    for chart in charts:
        assert chart["shown"] and chart["w"] > 300 and chart["h"] > 40, chart
        assert chart["shapes"] > 0 and chart["title"], chart
    for svg in svgs(html):
        assert svg.tag == f"{SVG}svg" and svg.get("role") == "img"
        assert svg.find(f"{SVG}title").text and svg.find(f"{SVG}desc").text
        assert svg.findall(f".//{SVG}text")
    assert len(svgs(html)) == len(charts)
    # Nothing wider than its box or the page at A4 width.
    assert browser.overflow(html) == []

    png = browser.screenshot(page, page.with_suffix(".png"))
    assert png.stat().st_size > 20_000
    pdf = browser.print_pdf(page, page.with_suffix(".pdf"))
    pages, (width, height) = browser.pdf_pages(pdf)
    assert (round(width), round(height)) == (595, 842), "A4"
    assert 3 <= pages <= 14, pages
    text = " ".join(browser.pdf_text(pdf).split())
    # The key figures, as the measures give them.
    total = sum(g["uptake"]["requests"] for g in measures["groups"] if g["uptake"]["requests"] is not None)
    requests_label = {"en": "Requests in the period", "nl": "Aanvragen in de periode"}[lang]
    assert f"{requests_label} {total}" in text
    family = next(g for g in measures["groups"] if g["group"] == "family")
    held = family["uptake"]["conferences_held"]
    share = round(family["uptake"]["conference_share"] * 100)
    assert f"{held} ({share}%)" in text
    network = round(family["plan_items"]["network_share"] * 100)
    carried = {"en": "Carried by the circle", "nl": "Door de kring gedragen"}[lang]
    assert f"{carried} {network}%" in text
    if lang == "en":
        for g in measures["groups"]:
            assert VARIANTS_EN[g["group"]] in text
    # Withheld values are explained, and shown as such.
    legend = {"en": "— withheld: rests on fewer than 5 cases", "nl": "— weggelaten: berust op minder dan 5 casussen"}[lang]
    assert legend in text
    if any(g["cells_suppressed"] for g in measures["groups"]):
        assert html.count('<td class="withheld">—</td>') > 0


def test_one_group_and_many_groups_read_in_the_browser(made):
    # Identifying, one group: every chart drawn.
    page, html = report(made, "report-all-en.html", "--identifying", "--lang", "en")
    assert "This report is identifying" in html
    laid = browser.layout(html)
    assert len(laid["svgs"]) == 10 and all(s["h"] > 0 for s in laid["svgs"])
    browser.screenshot(page, page.with_suffix(".png"))
    # Per organisation, pseudonymised: every organisation in the tables, by pseudonym only.
    page, html = report(made, "report-organisation-nl.html", "--key-file", "key", "--group-by", "organisation")
    measures = figures(made, "--key-file", "key", "--group-by", "organisation")
    assert len(measures["groups"]) > 1
    for g in measures["groups"]:
        assert f'<tr><th scope="row">{g["group"]}</th>' in html or g["group"] == "family"
        assert g["label"] is None
    assert browser.overflow(html) == []
    console, requests = browser.console_and_requests(page)
    assert console == [] and requests == []
    browser.screenshot(page, page.with_suffix(".png"))
    pages, _ = browser.pdf_pages(browser.print_pdf(page, page.with_suffix(".pdf")))
    assert pages >= 3


def test_a_report_needs_a_key_or_the_choice_to_identify(made):
    code, out, err = run("report", "cases.kring", cwd=made)
    assert code != 0 and out == "" and "key" in err
    code, out, err = run("report", "cases.kring", "--identifying", "--lang", "fr", cwd=made)
    assert code != 0 and out == "" and "lang" in err


# The report from Python (`Store.report_html`): the options of `measures`, the language and
# the day it was made; the same bytes as `kring report`.


def python_report(made, **options):
    """`Store.report_html` on the store file of `made` (opened for the call: the command
    cannot open a file that is open here)."""
    store = kring.Store.open(made / "cases.kring")
    try:
        return store.report_html(**options)
    finally:
        store.close()


def today():
    """The day `kring report` prints: today in UTC."""
    return datetime.now(timezone.utc).date()


@pytest.mark.parametrize(
    "options, flags",
    [
        (dict(key=KEY, group_by="variant", lang="en"), ("--key-file", "key", "--group-by", "variant", "--lang", "en")),
        (dict(key=KEY, group_by="organisation"), ("--key-file", "key", "--group-by", "organisation")),
        (
            dict(identifying=True, from_=date(2016, 1, 1), to="2016-07-01", group_by="legal_basis", lang="nl"),
            ("--identifying", "--from", "2016-01-01", "--to", "2016-07-01", "--group-by", "legal_basis", "--lang", "nl"),
        ),
    ],
    ids=["pseudonymised-variant-en", "pseudonymised-organisation-nl", "identifying-period-nl"],
)
def test_python_writes_the_report_the_command_writes(made, tmp_path, options, flags):
    for _ in range(3):
        day = today()
        html = python_report(made, made_on=day, **options)
        out = tmp_path / "report.html"
        code, stdout, err = run("report", "cases.kring", "--out", str(out), *flags, cwd=made)
        assert code == 0 and stdout == "" and err == "", err
        if today() == day:  # not run across midnight (UTC): both printed the same day
            break
    assert html.startswith("<!DOCTYPE html>") and "<svg" in html
    assert html == out.read_text(encoding="utf-8")
    # The figures are those of `measures` with the same options.
    lang = options.get("lang", "nl")
    store = kring.Store.open(made / "cases.kring")
    try:
        measures = store.measures(**{k: v for k, v in options.items() if k != "lang"})
    finally:
        store.close()
    total = sum(g["uptake"]["requests"] for g in measures["groups"] if g["uptake"]["requests"] is not None)
    label = {"en": "Requests in the period", "nl": "Aanvragen in de periode"}[lang]
    if all(g["uptake"]["requests"] is not None for g in measures["groups"]):
        assert f"<dt>{label}</dt><dd>{total}</dd>" in html


def test_the_report_from_python_in_dutch_and_in_english(made):
    nl = python_report(made, key=KEY, group_by="variant")
    en = python_report(made, key=KEY, group_by="variant", lang="en")
    assert nl == python_report(made, key=KEY, group_by="variant", lang="nl"), "Dutch is the default"
    assert nl != en
    assert '<html lang="nl">' in nl and '<html lang="en">' in en
    assert "<dt>Aanvragen in de periode</dt><dd>150</dd>" in nl
    assert "<dt>Requests in the period</dt><dd>150</dd>" in en
    for variant in VARIANTS_EN.values():
        assert f'<th scope="row">{variant}</th>' in en
    # Without `made_on` no day is printed, and the same store gives the same bytes.
    assert "Gemaakt op" not in nl and "Made on" not in en
    assert "<dt>Gemaakt op</dt><dd>2 januari 2026</dd>" in python_report(made, key=KEY, made_on="2026-01-02")
    assert "<dt>Made on</dt><dd>2 January 2026</dd>" in python_report(made, key=KEY, lang="en", made_on=date(2026, 1, 2))
    assert en == python_report(made, key=KEY, group_by="variant", lang="en")
    # Pseudonymised: no organisation's name; identifying: the names the measures give.
    store = kring.Store.open(made / "cases.kring")
    try:
        named = store.measures(identifying=True, group_by="organisation")
    finally:
        store.close()
    labels = [g["label"] for g in named["groups"] if g["label"]]
    assert labels
    pseudonymised = python_report(made, key=KEY, group_by="organisation")
    assert not [name for name in labels if name in pseudonymised]
    identifying = python_report(made, identifying=True, group_by="organisation")
    assert [name for name in labels if name in identifying]


@pytest.mark.parametrize(
    "options, field",
    [
        (dict(identifying=True, lang="fr"), "lang"),
        (dict(identifying=True, lang=3), "lang"),
        (dict(identifying=True, from_="2016-02-01", to="2016-01-01"), "period"),
        (dict(identifying=True, from_=date(2016, 2, 1), to=date(2016, 2, 1)), "period"),
        (dict(identifying=True, from_="2016-02-30"), "from"),
        (dict(identifying=True, to=datetime(2016, 2, 1, tzinfo=timezone.utc)), "to"),
        (dict(identifying=True, group_by="municipality"), "group_by"),
        (dict(), "key"),
        (dict(group_by="variant", lang="en"), "key"),
        (dict(key=bytes(32)), "key"),
        (dict(key="a research key of 32 characters"), "key"),
        (dict(identifying="yes"), "identifying"),
        (dict(identifying=True, made_on="2026-13-01"), "made_on"),
        (dict(identifying=True, made_on=20260101), "made_on"),
    ],
    ids=lambda v: v if isinstance(v, str) else None,
)
def test_report_html_refuses_bad_options_with_a_typed_error(made, options, field):
    with pytest.raises(kring.InvalidInput) as e:
        python_report(made, **options)
    assert e.value.code == "invalid_input"
    assert str(e.value).startswith(f"invalid {field}:"), str(e.value)


def test_a_closed_store_gives_no_report():
    store = kring.Store.in_memory()
    store.close()
    with pytest.raises(kring.Closed) as e:
        store.report_html(identifying=True)
    assert e.value.code == "closed"
