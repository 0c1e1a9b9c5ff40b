"""One term per concept: the discouraged variants listed in GLOSSARY.md must not appear in the lectures.

The checker reads the last column of GLOSSARY.md's table (phrases in backticks) and searches every markdown
cell and every plot label (string literals given to set_title / set_xlabel / set_ylabel / suptitle / legend /
``label=`` / ``title=`` / ``xlabel=`` / ``ylabel=``) in the notebooks.
"""

import ast
import json
import re
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
GLOSSARY = ROOT / "GLOSSARY.md"
NOTEBOOKS = sorted((ROOT / "notebooks").glob("[0-9][0-9]_*.ipynb"))
LABEL_METHODS = {"set_title", "set_xlabel", "set_ylabel", "suptitle", "legend", "set_label"}
LABEL_KEYWORDS = {"label", "title", "xlabel", "ylabel"}


def discouraged_phrases(text=None):
    """{phrase: preferred term} from the table's last column (backticked phrases)."""
    text = GLOSSARY.read_text(encoding="utf-8") if text is None else text
    phrases = {}
    for line in text.splitlines():
        cells = [c.strip() for c in line.strip().strip("|").split("|")]
        if not line.startswith("|") or len(cells) < 5 or set(cells[0]) <= {"-", " "}:
            continue
        for phrase in re.findall(r"`([^`]+)`", cells[-1]):
            phrases[phrase] = cells[0]
    return phrases


def pattern(phrase):
    """Exact phrase; ASCII words match whole words, and a leading digit must not follow a digit or comma."""
    body = re.escape(phrase)
    if re.fullmatch(r"[A-Za-z0-9_ ]+", phrase):
        return re.compile(rf"(?<![A-Za-z0-9_]){body}(?![A-Za-z0-9_])")
    if phrase[0].isdigit():
        return re.compile(rf"(?<![0-9,.]){body}")
    return re.compile(body)


def prose(text):
    """Markdown without code spans, math, English-only table cells and parentheses (the first-use glosses)."""
    text = re.sub(r"```.*?```", " ", text, flags=re.S)
    text = re.sub(r"`[^`]*`", " ", text)
    text = re.sub(r"\$\$.*?\$\$", " ", text, flags=re.S)
    text = re.sub(r"\$[^$]*\$", " ", text)
    text = re.sub(r"(?<=\|)[\x00-\x7b\x7d-\x7f]*(?=\|)", " ", text)   # English-only table cells (term tables)
    return re.sub(r"\([\x00-\x7f]*\)", " ", text)


def _strings(node):
    for sub in ast.walk(node):
        if isinstance(sub, ast.Constant) and isinstance(sub.value, str):
            yield sub.value


def plot_labels(code):
    """String literals that end up as titles, axis labels or legend entries."""
    try:
        tree = ast.parse(re.sub(r"^\s*[%!].*$", "", code, flags=re.M))
    except SyntaxError:
        return []
    labels = []
    for node in ast.walk(tree):
        if not isinstance(node, ast.Call):
            continue
        if isinstance(node.func, ast.Attribute) and node.func.attr in LABEL_METHODS:
            for arg in node.args:
                labels.extend(_strings(arg))
        for kw in node.keywords:
            if kw.arg in LABEL_KEYWORDS:
                labels.extend(_strings(kw.value))
    return labels


def find_variants(cells, phrases):
    """[(where, phrase, preferred)] for every discouraged phrase in the cells' prose and plot labels."""
    compiled = {phrase: pattern(phrase) for phrase in phrases}
    found = []
    for i, cell in enumerate(cells):
        source = "".join(cell["source"]) if isinstance(cell["source"], list) else cell["source"]
        if cell["cell_type"] == "markdown":
            texts = [prose(source)]
        elif cell["cell_type"] == "code":
            texts = plot_labels(source)
        else:
            continue
        for text in texts:
            for phrase, regex in compiled.items():
                if regex.search(text):
                    found.append((f"cell {i}", phrase, phrases[phrase]))
    return found


def test_glossary_lists_discouraged_variants():
    phrases = discouraged_phrases()
    for expected in ("과적합", "씨앗", "return", "02장", "04강", "잠재 코드", "발표된", "특성"):
        assert expected in phrases, expected
    assert "코드" not in phrases and "발표" not in phrases   # program code and presenting slides are fine


@pytest.mark.parametrize("path", NOTEBOOKS, ids=lambda p: p.stem)
def test_notebook_uses_glossary_terms(path):
    cells = json.loads(path.read_text(encoding="utf-8"))["cells"]
    found = find_variants(cells, discouraged_phrases())
    assert not found, "\n".join(f"{path.name} {where}: '{phrase}' → use '{term}' (GLOSSARY.md)"
                                for where, phrase, term in found)


@pytest.mark.parametrize("path", NOTEBOOKS, ids=lambda p: p.stem)
def test_notebook_links_glossary_and_ends_with_references(path):
    cells = json.loads(path.read_text(encoding="utf-8"))["cells"]
    assert "GLOSSARY.md" in "".join(cells[0]["source"]) + "".join(cells[1]["source"])   # title or key-terms slide
    last = cells[-1]
    assert last["cell_type"] == "markdown" and "참고문헌" in "".join(last["source"])
    assert last["metadata"]["slideshow"]["slide_type"] in ("slide", "subslide")


def test_readme_links_glossary():
    assert "GLOSSARY.md" in (ROOT / "README.md").read_text(encoding="utf-8")


def _md(text):
    return {"cell_type": "markdown", "metadata": {}, "source": text}


def _code(text):
    return {"cell_type": "code", "metadata": {}, "source": text}


def test_checker_catches_injected_variants():
    phrases = discouraged_phrases()
    bad = [_md("이 모델은 과적합되었습니다."), _md("02장에서 본 것처럼"), _md("30차원 잠재 코드를 봅니다."),
           _md("평균 return이 500입니다."), _md("씨앗 3개로"),
           _code('ax.set_title("검증 데이터의 과적합")'), _code('ax.plot(x, y, label="평균 return")'),
           _code('plots.show_images(x, title=f"씨앗 {s}")')]
    found = find_variants(bad, phrases)
    assert [where for where, *_ in found] == [f"cell {i}" for i in range(len(bad))]


def test_checker_leaves_legitimate_uses_alone():
    phrases = discouraged_phrases()
    good = [_md("발표 메모: 프로그램 코드는 패키지에 있습니다. 이미지 5,000장, 10장."),
            _md("할인된 누적 보상인 리턴(return)을 `return_sequences`와 함께"), _md("$r_t$의 (log return)"),
            _md("| 리턴 | return, $G_t$ | 할인된 누적 보상 |"),
            _code('print("과적합")  # 레이블이 아닌 출력\nreturn_value = 1'),
            _code('ax.set(title="학습 곡선", xlabel="에포크")')]
    assert find_variants(good, phrases) == []
