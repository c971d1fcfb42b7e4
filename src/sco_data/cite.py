"""How to cite the dataset, in plain text and BibTeX, from the shipped descriptor."""

from __future__ import annotations

from ._descriptor import descriptor_path, read_descriptor


def _descriptor() -> dict:
    return read_descriptor(descriptor_path())


def _authors(d: dict) -> str:
    return (
        " and ".join(c.get("title", "") for c in d.get("contributors", []))
        or "sco-data contributors"
    )


def _licence(d: dict) -> str:
    return ", ".join(lic["name"] for lic in d.get("licenses", []))


def bibtex_entry(d: dict) -> str:
    """The BibTeX entry for the package described by descriptor ``d``."""
    key = f"sco_data_{d['version'].replace('.', '_')}"
    return (
        f"@misc{{{key},\n"
        f"  author = {{{{{_authors(d)}}}}},\n"
        f"  title = {{{{{d['title']}}}}},\n"
        f"  year = {{{d['created'][:4]}}},\n"
        f"  version = {{{d['version']}}},\n"
        f"  note = {{Data package, licence {_licence(d)}}},\n"
        f"}}\n"
    )


def text_entry(d: dict) -> str:
    """The plain-text citation of the package described by descriptor ``d``."""
    return (
        f"{_authors(d)} ({d['created'][:4]}). {d['title']} (version {d['version']}) "
        f"[Data set]. Licence: {_licence(d)}. Statistics: World Bank, World Development "
        "Indicators.\n"
    )


# The citation styles (``sco-data cite --format`` offers these).
STYLES = {"text": text_entry, "bibtex": bibtex_entry}


def citation(style: str = "text") -> str:
    """The citation of the shipped version, in one of STYLES."""
    if style not in STYLES:
        raise ValueError(f"unknown citation style {style!r}; choose {' or '.join(STYLES)}")
    return STYLES[style](_descriptor())
