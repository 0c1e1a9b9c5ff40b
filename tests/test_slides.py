"""The slide decks: built offline from the stored outputs and opened in headless Chromium.

The browser tests drive Debian's Chromium through Playwright for Python (never a browser that
Playwright downloads itself): one browser for the module, one page per deck, the slides walked
with reveal.js's own API after MathJax has typeset the whole deck once.
"""

import importlib.util
import os
import re
import shutil
import subprocess

import nbformat
import pytest

from dlcourse import slides

NOTEBOOKS = sorted(slides.NOTEBOOK_DIR.glob("[0-9][0-9]_*.ipynb"))
OUT = slides.DEFAULT_OUT
CHROMIUM = slides.find_chromium()
PLAYWRIGHT = importlib.util.find_spec("playwright") is not None
#: Projector sizes every slide must fit: a 16:9 projector and an old 4:3 one.
SIZES = [(1280, 720), (1024, 768)]
#: reveal.js shrinks a deck to fit the window; below this the text is too small to read.
MIN_SCALE = 0.6
#: Free space (slide px) a slide keeps at its bottom: font metrics differ between machines and
#: browsers, and a slide that fills the last pixels on one overflows on another.
HEADROOM = 20

# One pass over every slide of the open deck, all fragments shown; returns one entry per problem.
# Bounds are compared in screen pixels against the slide box (`.reveal .slides`, the 960 x 700
# area that reveal.js scales), so both reveal's `transform` and `zoom` scaling are accounted for.
CHECK_SLIDES_JS = r"""
async () => {
  const R = window.dlcourseReveal;
  R.configure({transition: 'none', backgroundTransition: 'none'});
  const problems = [];
  const box = document.querySelector('.reveal .slides').getBoundingClientRect();
  const scale = R.getScale();
  const raw = /\$[^$\s][^$]*\$|\\\(|\\\[|\\begin\{/;
  const slidesList = R.getSlides();
  for (let i = 0; i < slidesList.length; i++) {
    const slide = slidesList[i];
    const {h, v} = R.getIndices(slide);
    R.slide(h, v, Number.MAX_SAFE_INTEGER);  // every fragment shown; reading a box lays it out
    const n = i + 1;
    const say = (what) => problems.push({n, h, v, what});
    if (scale < %(min_scale)s) say(`reveal.js scale ${scale.toFixed(2)} < %(min_scale)s`);
    let bottom = box.top, right = box.left, worst = null;
    // Walk the slide's elements; a scroll region, a formula or an SVG counts as one box.
    const visit = (el) => {
      if (el.matches('aside.notes, script, style, mjx-assistive-mml')) return;
      const r = el.getBoundingClientRect();
      if (r.width || r.height) {
        if (r.bottom > bottom) { bottom = r.bottom; worst = el; }
        if (r.right > right) right = r.right;
      }
      if (el.matches('mjx-container, svg')) return;
      if (el.matches('.jp-OutputArea-output') && getComputedStyle(el).overflowY !== 'visible') return;
      for (const child of el.children) visit(child);
    };
    for (const child of slide.children) visit(child);
    const wide = Math.max(right - box.right, 0) / scale;
    const below = (bottom - box.bottom) / scale, tag = worst ? worst.tagName.toLowerCase() : '';
    if (below > 0) say(`content ${Math.round(below)} px below the slide (${tag})`);
    else if (below > -%(headroom)s) {
      say(`content ends ${Math.round(-below)} px above the bottom edge, %(headroom)s px required (${tag})`);
    }
    if (wide > 2) say(`content ${Math.round(wide)} px right of the slide`);
    for (const pre of slide.querySelectorAll('pre')) {
      if (pre.closest('aside.notes')) continue;
      for (let el = pre; el && el !== slide; el = el.parentElement) {
        if (el.scrollWidth > el.clientWidth + 1 && getComputedStyle(el).overflowX !== 'visible') {
          say(`code or output cut off at the right (${el.scrollWidth - el.clientWidth} px hidden): `
              + JSON.stringify(pre.textContent.trim().split('\n')[0].slice(0, 60)));
          break;
        }
      }
    }
    for (const img of slide.querySelectorAll('img')) {
      if (!img.complete || img.naturalWidth === 0) say(`image not loaded: ${img.src.slice(0, 60)}`);
    }
    for (const md of slide.querySelectorAll('.jp-RenderedMarkdown')) {
      const text = [];
      const walk = document.createTreeWalker(md, NodeFilter.SHOW_TEXT);
      while (walk.nextNode()) {
        const p = walk.currentNode.parentElement;
        if (!p.closest('code, pre, script, mjx-container, .MathJax, .MathJax_Preview, .MathJax_CHTML')) {
          text.push(walk.currentNode.textContent);
        }
      }
      const m = text.join('').match(raw);
      if (m) say(`untypeset TeX: ${JSON.stringify(m[0].slice(0, 40))}`);
    }
    const errors = slide.querySelectorAll('mjx-merror, .MathJax_Error, [data-mjx-error]');
    if (errors.length) say(`MathJax error: ${JSON.stringify(errors[0].textContent.slice(0, 40))}`);
    for (const math of slide.querySelectorAll('mjx-container')) {
      const twice = math.previousElementSibling && math.previousElementSibling.matches('.MathJax_Preview')
        && math.previousElementSibling.textContent.trim();
      if (twice || math.querySelectorAll(':scope > mjx-math').length !== 1) {
        say(`formula drawn more than once: ${JSON.stringify(math.textContent.slice(0, 40))}`);
      }
    }
  }
  R.slide(0, 0);
  return problems;
}
""".replace("%(min_scale)s", str(MIN_SCALE)).replace("%(headroom)s", str(HEADROOM))


def require(condition, what):
    """In CI a missing browser or npm package is a failure; on a student's laptop, a skip."""
    if not condition:
        if os.environ.get("CI"):
            pytest.fail(f"{what} is missing (.ci/run installs it)")
        pytest.skip(f"{what} is missing: `npm ci`, Debian's `chromium` and `pip install playwright` enable this test")


@pytest.fixture(scope="module")
def decks():
    require((slides.NODE_MODULES / "reveal.js").exists(), "node_modules/ (npm ci)")
    return {path.stem: (path, title, n) for path, title, n in slides.build_all(NOTEBOOKS, OUT)}


@pytest.fixture(scope="module")
def browser():
    require(CHROMIUM, "Chromium")
    require(PLAYWRIGHT, "Playwright for Python")
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        browser = slides.launch_chromium(playwright)
        yield browser
        browser.close()


@pytest.fixture(scope="module")
def deck_page(browser):
    """``deck_page(path)``: the deck open in a page, loaded once for all the tests that read it."""
    pages = {}

    def page_for(path):
        if path not in pages:
            pages[path] = open_deck(browser, path)
        return pages[path]

    yield page_for
    for page in pages.values():
        page.close()


def open_deck(browser, path, size=SIZES[0]):
    """A page showing the deck at ``path``, reveal.js ready and every formula typeset."""
    page = browser.new_page(viewport={"width": size[0], "height": size[1]})
    page.goto(path.resolve().as_uri())
    slides.wait_until_rendered(page)
    return page


def test_expected_slides_counts_slide_and_subslide_cells():
    nb = nbformat.v4.new_notebook()
    kinds = ["slide", "fragment", "subslide", "skip", "notes", "slide", "-"]
    nb.cells = [nbformat.v4.new_markdown_cell("# 00. t", metadata={"slideshow": {"slide_type": k}}) for k in kinds]
    assert slides.expected_slides(nb) == 3
    assert slides.deck_title(nb) == "00. t"


def test_tags_hide_the_input_or_move_the_output_to_a_subslide():
    nb = nbformat.v4.new_notebook()
    out = nbformat.v4.new_output("stream", text="a\n")
    shown = nbformat.v4.new_code_cell("print('a')", metadata={"slideshow": {"slide_type": "slide"}}, outputs=[out])
    hidden = nbformat.v4.new_code_cell("quiz.Quiz('x')", metadata={"tags": [slides.HIDE_INPUT_TAG]}, outputs=[out])
    moved = nbformat.v4.new_code_cell("plot()", metadata={"tags": [slides.OUTPUT_SUBSLIDE_TAG]}, outputs=[out])
    nb.cells = [shown, hidden, moved]
    prepared = slides.prepare_for_slides(nb)
    assert len(prepared.cells) == 4
    assert not prepared.cells[0].metadata.get("transient", {}).get("remove_source")
    assert prepared.cells[1].metadata["transient"]["remove_source"] is True
    assert prepared.cells[2].source == "plot()" and prepared.cells[2].outputs == []
    assert prepared.cells[3].outputs == [out] and prepared.cells[3].metadata["transient"]["remove_source"]
    assert prepared.cells[3].metadata["slideshow"]["slide_type"] == "subslide"
    assert slides.expected_slides(nb) == 2
    assert "transient" not in hidden.metadata and moved.outputs == [out], "the notebook itself is left alone"


def test_decks_and_index_are_offline(decks):
    index = (OUT / "index.html").read_text(encoding="utf-8")
    for path, title, _ in decks.values():
        assert f'href="{path.name}"' in index and title in index
        deck = path.read_text(encoding="utf-8")
        assert not re.findall(slides.REMOTE_RESOURCE, deck)
        assert 'href="lib/dlcourse-slides.css"' in deck and "lib/require.js" in deck
    assert (OUT / "lib" / "reveal.js" / "dist" / "reveal.js").exists()
    assert (OUT / "lib" / "reveal.js" / "plugin" / "notes" / "notes.js").exists()
    for theme in (OUT / "lib" / "reveal.js" / "dist" / "theme").glob("*.css"):
        assert not slides.REMOTE_IMPORT.search(theme.read_text(encoding="utf-8")), theme.name
    assert "font/woff;base64," in (OUT / "lib" / "dlcourse-slides.css").read_text()


@pytest.mark.parametrize("notebook", NOTEBOOKS, ids=lambda p: p.stem)
def test_every_slide_fits_and_renders(decks, deck_page, notebook):
    """Every slide at both projector sizes: nothing overflows, math typeset once, images, code."""
    path, _, expected = decks[notebook.stem]
    page = deck_page(path)
    assert page.evaluate("document.body.dataset.hangulFont") == "true", "the Hangul font did not load"
    assert page.evaluate("window.dlcourseReveal.getTotalSlides()") == expected
    problems = []
    for width, height in SIZES:
        page.set_viewport_size({"width": width, "height": height})
        page.evaluate("window.dlcourseReveal.layout()")
        problems += [f"{notebook.stem} {width}x{height} slide {p['n']} ({p['h']}.{p['v']}): {p['what']}"
                     for p in page.evaluate(CHECK_SLIDES_JS)]
    shots = OUT / "screenshots"
    shots.mkdir(exist_ok=True)
    page.screenshot(path=shots / f"{notebook.stem}.png")  # the title slide, 1024 x 768
    assert not problems, f"{len(problems)} problem(s) in {notebook.stem}:\n" + "\n".join(problems)


def notes_cells(nb):
    """The source of every non-empty `notes` cell."""
    return [c.source for c in nb.cells
            if c.metadata.get("slideshow", {}).get("slide_type") == "notes" and c.source.strip()]


def letters(text):
    """The letters and digits of ``text`` run together, markup, math and link targets left out:
    what a notes cell and its rendering have in common."""
    text = re.sub(r"\$\$.*?\$\$|\$[^$]*\$|\]\([^)]*\)", " ", text, flags=re.S)
    return "".join(re.findall(r"[0-9A-Za-z가-힣]+", text))


@pytest.mark.parametrize("notebook", NOTEBOOKS, ids=lambda p: p.stem)
def test_notes_cells_become_speaker_notes(decks, deck_page, notebook):
    """Each notes cell reaches the deck as reveal.js speaker notes of some slide."""
    nb = nbformat.read(notebook, as_version=4)
    path, _, _ = decks[notebook.stem]
    notes = deck_page(path).evaluate("""() => window.dlcourseReveal.getSlides()
        .filter(s => window.dlcourseReveal.getSlideNotes(s))
        .map(s => { const aside = s.querySelector('aside.notes').cloneNode(true);
                    aside.querySelectorAll('mjx-container').forEach(m => m.remove());
                    return aside.textContent; })""")
    deck = "|".join(letters(n) for n in notes)
    missing = [text[:60] for text in notes_cells(nb) if letters(text) not in deck]
    assert not missing, f"{notebook.stem}: notes cells missing from the deck's speaker notes: {missing}"


def test_speaker_view_opens_with_the_current_notes(decks, browser):
    """Pressing `s` opens reveal's speaker view, which shows the current slide's notes."""
    notebook = next(nb for nb in NOTEBOOKS if notes_cells(nbformat.read(nb, as_version=4)))
    path, _, _ = decks[notebook.stem]
    page = open_deck(browser, path)
    try:
        index = page.evaluate("""() => window.dlcourseReveal.getSlides()
            .findIndex(s => window.dlcourseReveal.getSlideNotes(s))""")
        page.evaluate(f"""() => {{ const R = window.dlcourseReveal;
            const s = R.getSlides()[{index}]; const i = R.getIndices(s); R.slide(i.h, i.v); }}""")
        expected = " ".join(page.evaluate("document.querySelector('section.present aside.notes').innerText").split())
        with page.context.expect_page(timeout=15_000) as popup_info:
            page.keyboard.press("s")
        popup = popup_info.value
        popup.wait_for_load_state()
        popup.wait_for_function(
            "() => document.querySelector('.speaker-controls-notes .value')"
            " && document.querySelector('.speaker-controls-notes .value').innerText.trim().length > 0",
            timeout=15_000,
        )
        shown = " ".join(popup.inner_text(".speaker-controls-notes .value").split())
        assert shown[:60] == expected[:60]
        popup.close()
    finally:
        page.close()


def test_pdf_handout_has_a_page_per_slide(decks, browser, tmp_path):
    """`--pdf`: one page per slide, Hangul extractable (the font is embedded), no blank page."""
    require(shutil.which("pdftotext") and shutil.which("pdfinfo"), "poppler-utils (pdftotext)")
    notebook = NOTEBOOKS[0]
    path, _, expected = decks[notebook.stem]
    (pdf,) = slides.build_pdfs([path], tmp_path, browser=browser)
    info = subprocess.run(["pdfinfo", pdf], capture_output=True, text=True, check=True).stdout
    pages = int(re.search(r"^Pages:\s+(\d+)", info, re.M).group(1))
    assert pages == expected
    fonts = subprocess.run(["pdffonts", pdf], capture_output=True, text=True, check=True).stdout
    assert "NanumGothic" in fonts, fonts
    text = subprocess.run(["pdftotext", "-layout", pdf, "-"], capture_output=True, text=True, check=True).stdout
    pages_text = text.split("\f")[:pages]
    blank = [i + 1 for i, t in enumerate(pages_text) if not t.strip()]
    assert not blank, f"blank pages in {pdf.name}: {blank}"
    assert re.search("[가-힣]{2}", pages_text[0]), "no Hangul text could be extracted"
    assert sum(bool(re.search("[가-힣]", t)) for t in pages_text) > pages // 2
