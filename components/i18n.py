"""Every user-facing string, in Chinese and English: ``locales/zh.toml`` and ``locales/en.toml``, one file per language.

A test checks that every key has both languages. Use :func:`t`.
"""

from __future__ import annotations

import functools
import tomllib
from collections.abc import Iterator, Mapping
from pathlib import Path

from geo.display import localized
from geo.escape import escape_markdown, markdown_code
from geo.state import MAX_LIST_VALUES, Notice

LOCALES_DIR = Path(__file__).resolve().parent / "locales"
LANGUAGES = ("zh", "en")


class _Strings(Mapping[str, dict[str, str]]):
    """Key -> {language: text}, read from ``locales/<lang>.toml`` on first use (nothing is read at import)."""

    @functools.cached_property
    def _entries(self) -> dict[str, dict[str, str]]:
        by_lang = {
            lang: tomllib.loads((LOCALES_DIR / f"{lang}.toml").read_text(encoding="utf-8")) for lang in LANGUAGES
        }
        keys = dict.fromkeys(k for texts in by_lang.values() for k in texts)
        return {k: {lang: texts[k] for lang, texts in by_lang.items() if k in texts} for k in keys}

    def __getitem__(self, key: str) -> dict[str, str]:
        return self._entries[key]

    def __iter__(self) -> Iterator[str]:
        return iter(self._entries)

    def __len__(self) -> int:
        return len(self._entries)


STRINGS: Mapping[str, dict[str, str]] = _Strings()


def md_name_of(row: object, lang: str) -> str:
    """Return :func:`name_of` escaped for Streamlit markdown (headers, labels, ``st.markdown``)."""
    return escape_markdown(name_of(row, lang))


NOTICES_SHOWN = 3  # notices of one link shown at most; the rest are counted
NOTICE_VALUE_CHARS = 40  # characters of a link's value shown back at most


def notice_texts(notices: list[Notice], lang: str) -> list[str]:
    """Return the Markdown of the notices to show for a link: a few, each value cut and inert, then a count.

    Parameters
    ----------
    notices
        What :func:`geo.state.state_from_query` ignored.
    lang
        ``"zh"`` or ``"en"``.

    Returns
    -------
    list of str
        At most :data:`NOTICES_SHOWN` notices, each value shown as an inline
        code span of at most :data:`NOTICE_VALUE_CHARS` characters (no link,
        image, HTML or formatting can come from a link), then one line
        counting the rest when there are more.
    """
    texts = [
        t("notice_too_many_layers", lang, max=MAX_LIST_VALUES, n=n.value)
        if n.reason == "too_many_layers"
        else t(f"notice_{n.reason}", lang, value=markdown_code(n.value, NOTICE_VALUE_CHARS))
        for n in notices[:NOTICES_SHOWN]
    ]
    if len(notices) > NOTICES_SHOWN:
        texts.append(t("notice_more", lang, n=len(notices) - NOTICES_SHOWN))
    return texts


def t(key: str, lang: str, **values: object) -> str:
    """Return the string ``key`` in ``lang``, formatted with ``values``.

    Parameters
    ----------
    key
        A key of :data:`STRINGS`.
    lang
        ``"zh"`` or ``"en"``.
    **values
        Fields for ``str.format``.

    Returns
    -------
    str
        The translated text; the key itself when it is unknown, so a gap shows
        on screen instead of crashing a meeting.
    """
    entry = STRINGS.get(key)
    if entry is None:
        return key
    text = entry.get(lang) or entry["zh"]
    return text.format(**values) if values else text


def name_of(row: object, lang: str) -> str:
    """Return a row's display name: ``name_en`` in English when present, else ``name_zh``."""
    return str(localized(row, "name", lang, fallback=True))
