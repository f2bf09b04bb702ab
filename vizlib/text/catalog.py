"""The message catalogue: every sentence a learner reads, in English and Korean.

Words are data. Code never glues English together: it asks for a whole message by its English text (the gettext
``msgid``) with named fields, and the catalogue returns it in the current language::

    t("{count} VMs fit on {host}", count=3, host="server")
    tn("{n} kernel runs", "{n} kernels run", n)          # plural forms come from the catalogue
    tp("layer", "free")                                   # a short label, with a context that tells it apart

The catalogues are ordinary gettext files in ``vizlib/text/locale``: ``vizlib.pot`` (every message, extracted from
the code by ``python scripts/messages.py``) and ``ko.po`` (Korean). They are read directly, so a fresh
``pip install -e .`` or a Binder build needs no compile step and there is no compiled copy to fall behind. English
is the source language: its text is the ``msgid`` itself.

:func:`set_language` switches every output made afterwards, and redraws live dashboards (they register with
:func:`on_language_change`).
"""

from __future__ import annotations

import gettext
import string
import weakref
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

__all__ = ["LANGUAGES", "N_", "NP_", "Catalog", "Entry", "get_language", "language", "listing", "on_language_change",
           "particle", "read_po", "set_language", "t", "tn", "tp", "verbatim"]

LOCALE = Path(__file__).resolve().parent / "locale"
LANGUAGES = {"en": "English", "ko": "한국어"}
"""The languages vizlib speaks: code -> name in that language."""


@dataclass(frozen=True)
class Entry:
    """One message of a ``.po`` file."""

    context: str | None
    msgid: str
    plural: str | None
    strings: tuple[str, ...]
    fuzzy: bool
    flags: tuple[str, ...] = ()


def _unquote(s: str) -> str:
    s = s.strip()
    if not (s.startswith('"') and s.endswith('"')):
        raise ValueError(f"not a quoted .po string: {s!r}")
    body, out, i = s[1:-1], [], 0
    escapes = {"n": "\n", "t": "\t", '"': '"', "\\": "\\"}
    while i < len(body):
        c = body[i]
        if c == "\\" and i + 1 < len(body):
            out.append(escapes.get(body[i + 1], body[i + 1]))
            i += 2
        else:
            out.append(c)
            i += 1
    return "".join(out)


def read_po(path: Path) -> tuple[dict[str, str], list[Entry]]:
    """Read a ``.po``/``.pot`` file: its header fields and its entries (obsolete ``#~`` entries skipped).

    Examples
    --------
    >>> import tempfile
    >>> p = Path(tempfile.mkdtemp()) / "x.po"
    >>> _ = p.write_text('msgid ""\\nmsgstr "Plural-Forms: nplurals=1; plural=0;\\\\n"\\n\\n'
    ...                  '#, python-brace-format\\nmsgctxt "layer"\\nmsgid "free"\\nmsgstr "여유"\\n')
    >>> header, entries = read_po(p)
    >>> header["Plural-Forms"], entries[0].context, entries[0].strings
    ('nplurals=1; plural=0;', 'layer', ('여유',))
    """
    entries: list[Entry] = []
    header: dict[str, str] = {}
    cur: dict[str, Any] = {}
    key: str | None = None

    def flush() -> None:
        nonlocal cur, key
        if "msgid" in cur:
            strings = cur.get("msgstr", {})
            n = max(strings) + 1 if strings else 1
            entry = Entry(cur.get("msgctxt"), cur["msgid"], cur.get("msgid_plural"),
                          tuple(strings.get(i, "") for i in range(n)), "fuzzy" in cur.get("flags", ()),
                          tuple(cur.get("flags", ())))
            if entry.msgid == "" and entry.context is None:
                for line in entry.strings[0].splitlines():
                    name, _, value = line.partition(":")
                    if name:
                        header[name.strip()] = value.strip()
            else:
                entries.append(entry)
        cur, key = {}, None

    for raw in path.read_text(encoding="utf-8").splitlines():
        line = raw.strip()
        if not line:
            flush()
        elif line.startswith("#~"):
            continue
        elif line.startswith("#,"):
            if "msgid" in cur:
                flush()
            cur.setdefault("flags", []).extend(f.strip() for f in line[2:].split(","))
        elif line.startswith("#"):
            if "msgid" in cur:
                flush()
        elif line.startswith('"'):
            if key is None:
                raise ValueError(f"{path}: a continuation line without a keyword: {raw!r}")
            if isinstance(key, tuple):
                cur["msgstr"][key[1]] += _unquote(line)
            else:
                cur[key] += _unquote(line)
        else:
            word, _, rest = line.partition(" ")
            if word in ("msgctxt", "msgid") and "msgid" in cur and (word == "msgctxt" or "msgstr" in cur):
                flush()
            if word.startswith("msgstr["):
                index = int(word[7:-1])
                cur.setdefault("msgstr", {})[index] = _unquote(rest)
                key = ("msgstr", index)
            elif word == "msgstr":
                cur.setdefault("msgstr", {})[0] = _unquote(rest)
                key = ("msgstr", 0)
            elif word in ("msgctxt", "msgid", "msgid_plural"):
                cur[word] = _unquote(rest)
                key = word
            else:
                raise ValueError(f"{path}: unknown .po keyword {word!r}")
    flush()
    return header, entries


class Catalog:
    """The messages of one language, read from its ``.po`` file; English (no file) returns the msgids."""

    def __init__(self, language: str):
        self.language = language
        self._messages: dict[tuple[str | None, str], tuple[str, ...]] = {}
        self._plural: Callable[[int], int] = lambda n: 0 if n == 1 else 1
        path = LOCALE / f"{language}.po"
        if language != "en":
            header, entries = read_po(path)
            forms = header.get("Plural-Forms", "nplurals=2; plural=(n != 1);")
            expression = forms.split("plural=", 1)[1].rstrip(";").strip()
            self._plural = gettext.c2py(expression)
            for e in entries:
                if not e.fuzzy and all(e.strings):
                    self._messages[(e.context, e.msgid)] = e.strings

    def get(self, msgid: str, context: str | None = None) -> str:
        found = self._messages.get((context, msgid))
        return found[0] if found else msgid

    def nget(self, singular: str, plural: str, n: int, context: str | None = None) -> str:
        found = self._messages.get((context, singular))
        if found:
            return found[min(self._plural(n), len(found) - 1)]
        return singular if n == 1 else plural


_CATALOGS: dict[str, Catalog] = {}
_STATE = {"language": "en"}
_LISTENERS: weakref.WeakSet = weakref.WeakSet()


def _catalog() -> Catalog:
    lang = _STATE["language"]
    if lang not in _CATALOGS:
        _CATALOGS[lang] = Catalog(lang)
    return _CATALOGS[lang]


def get_language() -> str:
    """The current language code (``"en"`` until :func:`set_language` is called)."""
    return _STATE["language"]


def set_language(language: str) -> None:
    """Show everything vizlib makes from now on in ``language`` (``"en"`` or ``"ko"``), and redraw live dashboards.

    Examples
    --------
    >>> set_language("ko"); get_language(); set_language("en")
    'ko'
    >>> set_language("fr")
    Traceback (most recent call last):
    ...
    ValueError: unknown language 'fr'; available: 'en' (English), 'ko' (한국어)
    """
    if not isinstance(language, str) or language not in LANGUAGES:
        known = ", ".join(f"{k!r} ({v})" for k, v in LANGUAGES.items())
        raise ValueError(f"unknown language {language!r}; available: {known}")
    if language == _STATE["language"]:
        return
    _catalog_for = _CATALOGS.get(language) or Catalog(language)  # read it before switching: a bad file changes nothing
    _CATALOGS[language] = _catalog_for
    _STATE["language"] = language
    for listener in list(_LISTENERS):
        listener.language_changed()


class language:
    """A ``with`` block in another language: ``with language("ko"): fig = vz.hardware_figure(h)``."""

    def __init__(self, code: str):
        self.code = code
        self.before = get_language()

    def __enter__(self) -> language:
        self.before = get_language()
        set_language(self.code)
        return self

    def __exit__(self, *exc: object) -> None:
        set_language(self.before)


def on_language_change(obj: Any) -> None:
    """Call ``obj.language_changed()`` whenever the language changes (held weakly: a dashboard that is gone is
    forgotten)."""
    _LISTENERS.add(obj)


# -- Korean particles after a field ---------------------------------------------------------------------
# A translation may write "{host:은/는}": the particle that fits the field's value is chosen when it is filled in.
_PARTICLES = {"이/가": ("이", "가"), "을/를": ("을", "를"), "은/는": ("은", "는"), "와/과": ("과", "와"),
              "으로/로": ("으로", "로"), "이라/라": ("이라", "라"), "이나/나": ("이나", "나")}
_DIGIT_FINAL = {"0": "ㅇ", "1": "ㄹ", "2": "", "3": "ㅁ", "4": "", "5": "", "6": "ㄱ", "7": "ㄹ", "8": "ㄹ", "9": ""}
_TENS_FINAL = {1: "ㅂ", 2: "ㄱ", 3: "ㄴ", 4: "ㄴ"}  # 십, 백, 천, 만
_LETTER_FINAL = {"l": "ㄹ", "m": "ㅁ", "n": "ㄴ", "r": "ㄹ"}  # 엘, 엠, 엔, 알: the letter names that end in a consonant


def _final(word: str) -> str:
    """The final consonant a Korean reader hears at the end of ``word`` ("" for none), for choosing a particle."""
    core = word.rstrip(" '\"’”.,%")
    while core.endswith(")") and "(" in core:  # a reader attaches the particle to what comes before "(...)"
        core = core[:core.rindex("(")].rstrip(" '\"’”.,%")
    core = core.rstrip(" )]}'\"’”.,%")
    if not core:
        return ""
    last = core[-1]
    if "가" <= last <= "힣":
        jong = (ord(last) - 0xAC00) % 28
        return "" if jong == 0 else ("ㄹ" if jong == 8 else "ㅇ")  # only "none" and "ㄹ" matter to the choice
    if last.isdigit():
        digits = core.rstrip("0123456789")
        number = core[len(digits):]
        zeros = len(number) - len(number.rstrip("0"))
        if zeros and number.strip("0"):
            return _TENS_FINAL.get(zeros, "ㄴ")
        return _DIGIT_FINAL[last]
    if last.isascii() and last.isalpha():
        if core.isupper() or len(core) <= 3 or last.isupper():  # read letter by letter: KVM, OS, GiB
            return _LETTER_FINAL.get(last.lower(), "") if last.lower() != "r" else "ㄹ"
        return {"l": "ㄹ", "m": "ㅁ", "n": "ㄴ", "k": "ㄱ"}.get(last.lower(), "")  # read as a word: Xen, Linux
    return ""


def particle(word: str, pair: str) -> str:
    """The form of a Korean particle that follows ``word``: ``pair`` is "이/가", "을/를", "은/는", "와/과",
    "으로/로", "이라/라" or "이나/나".

    Examples
    --------
    >>> [particle(w, "이/가") for w in ("커널", "VM", "KVM", "호스트", "OS", "3", "10", "Xen")]
    ['이', '이', '이', '가', '가', '이', '이', '이']
    >>> particle("서울", "으로/로"), particle("커널", "으로/로"), particle("강", "으로/로")
    ('로', '로', '으로')
    >>> particle("같은 앱(작은 것부터)", "을/를"), particle("VM(타입 2)", "이/가")
    ('을', '이')
    """
    with_final, without = _PARTICLES[pair]
    final = _final(word)
    if pair == "으로/로" and final == "ㄹ":
        return without
    return with_final if final else without


class _Formatter(string.Formatter):
    def format_field(self, value: Any, format_spec: str) -> str:
        if format_spec in _PARTICLES:
            text = str(value)
            return text + particle(text, format_spec)
        return super().format_field(value, format_spec)


_FORMAT = _Formatter()


def _fill(text: str, fields: dict[str, Any]) -> str:
    return _FORMAT.vformat(text, (), fields) if fields else text


def verbatim(text: str) -> str:
    """Mark ``text`` as shown the same in every language (a citation, a product name, a check's key) and return it
    unchanged. It is not a message: the catalogue test accepts it as deliberate."""
    return text


def NP_(context: str, msgid: str) -> str:
    """Like :func:`N_`, for a label with a context: translate it where it is shown with ``tp(context, label)``."""
    return msgid


def N_(msgid: str) -> str:
    """Mark ``msgid`` for the catalogue where it is defined (a table of labels, a parameter's description) and return
    it unchanged; translate it with :func:`t` where it is shown."""
    return msgid


def t(msgid: str, /, **fields: Any) -> str:
    """The message ``msgid`` in the current language, with its ``{fields}`` filled in."""
    return _fill(_catalog().get(msgid), fields)


def tn(singular: str, plural: str, n: int, /, **fields: Any) -> str:
    """The singular or plural message for ``n``, as the current language forms it; ``{n}`` is filled in too.

    Examples
    --------
    >>> tn("{n} kernel runs", "{n} kernels run", 1), tn("{n} kernel runs", "{n} kernels run", 3)
    ('1 kernel runs', '3 kernels run')
    """
    fields.setdefault("n", n)
    return _fill(_catalog().nget(singular, plural, int(n)), fields)


def tp(context: str, msgid: str, /, **fields: Any) -> str:
    """A message with a context (short labels that could mean two things): ``tp("layer", "free")``."""
    return _fill(_catalog().get(msgid, context), fields)


def listing(items: list[str]) -> str:
    """Items joined as the current language lists them: "a, b and c".

    Examples
    --------
    >>> listing(["a"]), listing(["a", "b", "c"])
    ('a', 'a, b and c')
    """
    items = [str(i) for i in items]
    if len(items) <= 1:
        return "".join(items)
    return t("{first} and {last}", first=", ".join(items[:-1]), last=items[-1])
