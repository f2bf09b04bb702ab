"""The message catalogue: complete in Korean, in step with the code, and used for what a learner reads."""

from __future__ import annotations

import ast
import importlib.util
import re
import string
import sys
from pathlib import Path

import pytest

import vizlib as vz
from vizlib.text import catalog
from vizlib.text.catalog import listing, particle, read_po, set_language, t, tn, tp

ROOT = Path(__file__).resolve().parents[1]
LOCALE = ROOT / "vizlib" / "text" / "locale"


def _messages_script():
    spec = importlib.util.spec_from_file_location("course_messages", ROOT / "scripts" / "messages.py")
    module = importlib.util.module_from_spec(spec)
    sys.modules[spec.name] = module
    spec.loader.exec_module(module)
    return module


messages = _messages_script()


def _fields(text: str) -> set[str]:
    return {name for _, name, _, _ in string.Formatter().parse(text) if name}


@pytest.fixture
def english():
    yield
    set_language("en")


def test_the_catalogues_are_in_step_with_the_code(capsys):
    assert messages.main(["--check"]) == 0, capsys.readouterr().out


def test_korean_is_complete_and_keeps_every_field():
    header, entries = read_po(LOCALE / "ko.po")
    assert header["Plural-Forms"] == "nplurals=1; plural=0;"
    assert entries, "ko.po has no messages"
    problems = []
    for e in entries:
        if e.fuzzy or not all(e.strings):
            problems.append(("untranslated or fuzzy", e.msgid))
            continue
        want = _fields(e.msgid) | (_fields(e.plural) if e.plural else set())
        for s in e.strings:
            if _fields(s) != want:
                problems.append(("fields differ", e.msgid, s))
            if s == e.msgid and len(re.findall(r"\b[a-z]{2,}\b", re.sub(r"\{[^}]*\}", "", e.msgid))) >= 2:
                problems.append(("no Hangul: left in English?", e.msgid, s))
    assert problems == []


def test_every_message_extracted_from_the_code_is_a_literal_the_po_files_know():
    pot = {(e.context, e.msgid) for e in read_po(LOCALE / "vizlib.pot")[1]}
    assert {m.key for m in messages.extract()} == pot


def test_switching_language_changes_what_vizlib_says_and_back(english):
    host = vz.Host(cpu_cores=8, memory_gib=32)
    english_text = vz.describe(host)
    set_language("ko")
    korean_text = vz.describe(host)
    assert korean_text != english_text and re.search(r"[\uac00-\ud7a3]", korean_text)
    set_language("en")
    assert vz.describe(host) == english_text


def test_unknown_language_is_refused_with_the_choices(english):
    with pytest.raises(ValueError, match=r"unknown language 'jp'; available: 'en' \(English\), 'ko' \(한국어\)"):
        set_language("jp")
    assert catalog.get_language() == "en"


def test_language_block_restores_the_language(english):
    with catalog.language("ko"):
        assert catalog.get_language() == "ko"
    assert catalog.get_language() == "en"


def test_plural_forms_come_from_the_catalogue(english):
    assert tn("{n} kernel runs", "{n} kernels run", 1) == "1 kernel runs"
    assert tn("{n} kernel runs", "{n} kernels run", 2) == "2 kernels run"
    assert listing(["a", "b", "c"]) == "a, b and c"


@pytest.mark.parametrize("word, pair, expected", [
    ("커널", "이/가", "이"), ("호스트", "이/가", "가"), ("VM", "을/를", "을"), ("OS", "을/를", "를"),
    ("3", "은/는", "은"), ("2", "은/는", "는"), ("10", "이/가", "이"), ("100", "이/가", "이"), ("1000", "이/가", "이"),
    ("서울", "으로/로", "로"), ("강", "으로/로", "으로"), ("하이퍼바이저", "와/과", "와"), ("커널", "와/과", "과"),
    ("'vm1'", "이/가", "이"), ("Docker", "을/를", "를"), ("Linux", "을/를", "를"), ("Xen", "을/를", "을"),
])
def test_korean_particles_follow_the_final_sound(word, pair, expected):
    assert particle(word, pair) == expected


def test_a_field_with_a_particle_spec_gets_the_right_particle(english):
    fake = catalog.Catalog("en")
    fake.language = "ko"
    fake._messages[(None, "{name} does not fit")] = ("{name:이/가} 들어가지 않습니다",)
    catalog._CATALOGS["ko"], saved = fake, catalog._CATALOGS.get("ko")
    try:
        set_language("ko")
        assert t("{name} does not fit", name="VM") == "VM이 들어가지 않습니다"
        assert t("{name} does not fit", name="호스트") == "호스트가 들어가지 않습니다"
    finally:
        set_language("en")
        if saved is None:
            catalog._CATALOGS.pop("ko", None)
        else:
            catalog._CATALOGS["ko"] = saved


def test_context_tells_labels_apart(english):
    assert tp("layer", "free") == "free"


# -- nothing a learner reads bypasses the catalogue ---------------------------------------------------
LEARNER_FACING = [p for p in sorted((ROOT / "vizlib").rglob("*.py"))
                  if p.parent.name in ("model", "layout", "figures", "widgets", "exercises", "tools")
                  and p.name not in ("validate.py", "__init__.py")]
PROSE = re.compile(r"[A-Za-z]{2,}(?: [A-Za-z]{2,}){2,}")  # three or more words in a row


def _bare_prose(path: Path) -> list[str]:
    """String pieces of three or more English words that are not messages, docstrings or programmer errors."""
    tree = ast.parse(path.read_text(encoding="utf-8"))
    skip: set[int] = set()
    keys: set[str] = set()  # keys of a table of labels: the code stores them and shows the label instead
    for node in ast.walk(tree):
        if isinstance(node, ast.Expr) and isinstance(node.value, ast.Constant):
            skip.add(id(node.value))  # docstrings, and the ones documenting a constant after its assignment
        if isinstance(node, ast.Raise) or (isinstance(node, ast.Call) and isinstance(node.func, ast.Name)
                                           and node.func.id in ("t", "tn", "tp", "N_", "NP_", "verbatim")):
            skip.update(id(n) for n in ast.walk(node))
        if isinstance(node, ast.Dict):  # a table's keys, where each value is a message
            keys.update(k.value for k, v in zip(node.keys, node.values, strict=True) if isinstance(k, ast.Constant)
                        and isinstance(v, ast.Call) and isinstance(v.func, ast.Name) and v.func.id in ("N_", "NP_"))
        if isinstance(node, ast.FunctionDef) and node.name in ("__repr__", "__str__") and path.parent.name == "model":
            skip.update(id(n) for n in ast.walk(node))  # programmer-facing reprs of model objects
    found = []
    for node in ast.walk(tree):
        if id(node) in skip or not (isinstance(node, ast.Constant) and isinstance(node.value, str)) \
                or node.value in keys:
            continue
        if "px" in node.value or "var(--" in node.value or "', '" in node.value:
            continue  # CSS and font lists
        if PROSE.search(node.value) and not node.value.startswith(("http", "%{", "<extra>")):
            found.append(f"{path.relative_to(ROOT)}:{node.lineno}: {node.value[:70]!r}")
    return found


@pytest.mark.parametrize("path", LEARNER_FACING, ids=lambda p: str(p.relative_to(ROOT / "vizlib")))
def test_no_learner_facing_prose_outside_the_catalogue(path: Path):
    assert _bare_prose(path) == []
