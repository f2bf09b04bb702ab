"""One look for every figure: a colour, a label and a pattern per layer, and one plotly template.

The palette is built on Okabe & Ito's colour-blind-safe set. Colour is never
the only cue: what matters most (stranded, free, not placed, overcommitted)
also carries a fill pattern or a dashed outline, and figures label it in words.

Figures are drawn as a light card with dark text, so they read the same in
JupyterLab's light and dark themes. The template is registered with plotly
as ``"vizlib"`` but never made the default, and the default renderer is left
alone.

Importing this module does not import plotly; :func:`template` and
:func:`figure` do, on first use. :func:`figure`, :func:`title` and
:func:`check_title` are the figure-building helpers that :mod:`vizlib.figures`,
:mod:`vizlib.figures_os` and :mod:`vizlib.figures_cloud` share.
"""

from __future__ import annotations

from collections.abc import Mapping
from functools import lru_cache
from types import MappingProxyType
from typing import TYPE_CHECKING, Any

from vizlib.text.catalog import NP_, get_language, tp

if TYPE_CHECKING:  # plotly is imported only when a figure is built
    import plotly.graph_objects as go

__all__ = [
    "COLORS",
    "LABELS",
    "PATTERNS",
    "TEXT",
    "MUTED",
    "CARD",
    "PANEL",
    "GRID",
    "LINE",
    "EDGE",
    "HATCH",
    "FEEDBACK",
    "FONT",
    "KOREAN_FONTS",
    "LATIN_FONTS",
    "font_family",
    "TEMPLATE_NAME",
    "color",
    "label",
    "text_color",
    "template",
    "figure",
    "title",
    "check_title",
    "tint",
]

# Okabe & Ito (2008), "Color Universal Design": orange #E69F00, sky blue #56B4E9,
# bluish green #009E73, yellow #F0E442, blue #0072B2, vermillion #D55E00,
# reddish purple #CC79A7, plus greys.
COLORS: Mapping[str, str] = MappingProxyType({
    "hardware": "#5B6670",
    "hypervisor": "#D55E00",
    "host_os": "#CC79A7",
    "guest_os": "#E69F00",
    "runtime": "#0072B2",
    "vm": "#56B4E9",
    "container": "#A9D8F3",
    "apps": "#009E73",
    "stranded": "#F0E442",
    "free": "#E3E8ED",
    "not_placed": "#6E7781",
    "overcommitted": "#24292F",
})
"""Fill colour of each layer. Keys: every name in :data:`vizlib.LAYERS`, plus
``"hardware"``, ``"vm"`` (a VM's reserved space before anything runs in it),
``"container"`` (a container's libraries and settings), ``"not_placed"`` and
``"overcommitted"``."""

LABELS: Mapping[str, str] = MappingProxyType({
    "hardware": NP_("layer", "hardware"),
    "hypervisor": NP_("layer", "hypervisor"),
    "host_os": NP_("layer", "host OS kernel"),
    "guest_os": NP_("layer", "guest OS"),
    "runtime": NP_("layer", "container runtime"),
    "vm": NP_("layer", "VM (reserved, empty)"),
    "container": NP_("layer", "container (libraries + settings)"),
    "apps": NP_("layer", "app"),
    "stranded": NP_("layer", "stranded (reserved, unused)"),
    "free": NP_("layer", "free"),
    "not_placed": NP_("layer", "not placed"),
    "overcommitted": NP_("layer", "overcommitted"),
})
"""Words for each layer, in English, as a learner reads them in legends and hover text. Show them with
:func:`label` (or ``tp("layer", LABELS[key])``), which gives them in the current language."""

PATTERNS: Mapping[str, str] = MappingProxyType({
    "stranded": "/",
    "not_placed": "x",
})
"""Pattern of the layers that must not rely on colour alone: plotly pattern shapes (``"/"`` diagonal hatch,
``"x"`` cross-hatch). Free space is labelled in words and drawn as the palest fill; overcommitted and not-placed
things get a dashed outline."""

TEXT = "#1F2328"
"""Text colour (dark, on the light card)."""
MUTED = "#57606A"
"""Secondary text and thin lines."""
CARD = "#FFFFFF"
"""Figure background: a light card that stays light in JupyterLab's dark theme."""
PANEL = "#F6F8FA"
"""A faint panel on the card (the animation's step counter)."""
GRID = "#EAEEF2"
"""Light grid lines inside a plot."""
LINE = "#D0D7DE"
"""Axis lines, separators, slider rails and leader lines."""
EDGE = "#8C959F"
"""Borders of hover boxes and sliders, and slider ticks; the hatch over not-placed ghosts."""
HATCH = "#7A6F00"
"""Hatch lines over stranded capacity (a dark olive that shows on the yellow fill)."""
FEEDBACK = {"info": "#0072B2", "right": "#009E73", "wrong": "#D55E00"}
"""Colours of a check's verdict: a hint, a right answer, a wrong one (Okabe & Ito blue, green, vermillion)."""
LATIN_FONTS = "Inter, 'Segoe UI', 'Helvetica Neue', Arial, 'Noto Sans'"
"""The theme's usual fonts."""
KOREAN_FONTS = "'Noto Sans KR', 'Nanum Gothic', 'Malgun Gothic', 'Apple SD Gothic Neo'"
"""Fonts with Hangul, one per platform (Linux, Linux, Windows, macOS)."""
FONT = f"{KOREAN_FONTS}, {LATIN_FONTS}, sans-serif"
"""Font family where Hangul is shown (the Korean figures): a Korean font first, so Hangul, Latin letters and
digits share one design, then the usual fonts."""
_FONTS = {"ko": FONT}
_USUAL = f"{LATIN_FONTS}, sans-serif"


def font_family(language: str | None = None) -> str:
    """The font family for figures in ``language`` (default: the current one).

    Korean puts a Korean font first (:data:`FONT`); English keeps the usual fonts.

    Examples
    --------
    >>> from vizlib.figures import theme
    >>> theme.font_family("ko").split(",")[0], theme.font_family("en").split(",")[0]
    ("'Noto Sans KR'", 'Inter')
    """
    return _FONTS.get(language or get_language(), _USUAL)


TEMPLATE_NAME = "vizlib"


def _lookup(table: Mapping[str, str], layer: str) -> str:
    """``table[layer]``, or a ``ValueError`` naming ``layer`` and the keys of ``table``."""
    try:
        return table[layer]
    except (KeyError, TypeError):
        raise ValueError(f"unknown layer {layer!r}; known: {', '.join(repr(k) for k in table)}") from None


def color(layer: str) -> str:
    """Fill colour of ``layer``; raises ``ValueError`` naming the known layers.

    Examples
    --------
    >>> from vizlib.figures import theme
    >>> theme.color("apps")
    '#009E73'
    """
    return _lookup(COLORS, layer)


def label(layer: str) -> str:
    """Human label of ``layer`` in the current language (``"guest_os"`` -> ``"guest OS"``).

    Examples
    --------
    >>> from vizlib.figures import theme
    >>> theme.label("host_os")
    'host OS kernel'
    """
    return tp("layer", _lookup(LABELS, layer))


def _luminance(hex_color: str) -> float:
    def channel(c: int) -> float:
        s = c / 255
        return s / 12.92 if s <= 0.04045 else ((s + 0.055) / 1.055) ** 2.4

    h = hex_color.lstrip("#")
    r, g, b = (int(h[i:i + 2], 16) for i in (0, 2, 4))
    return 0.2126 * channel(r) + 0.7152 * channel(g) + 0.0722 * channel(b)


@lru_cache(maxsize=64)
def text_color(background: str) -> str:
    """Dark or white text, whichever contrasts more with ``background`` (a ``#RRGGBB`` colour).

    Examples
    --------
    >>> from vizlib.figures import theme
    >>> theme.text_color("#FFFFFF") == theme.TEXT, theme.text_color("#0072B2")
    (True, '#FFFFFF')
    """
    lum = _luminance(background)
    on_dark = (1.05) / (lum + 0.05)
    on_light = (lum + 0.05) / (_luminance(TEXT) + 0.05)
    return "#FFFFFF" if on_dark > on_light else TEXT


def _template_dict(font: str = _USUAL) -> dict[str, Any]:
    axis = {
        "showgrid": False, "zeroline": False, "linecolor": LINE, "tickcolor": LINE,
        "ticks": "outside", "title": {"font": {"size": 13, "color": MUTED}}, "automargin": True,
        "tickfont": {"color": TEXT},
    }
    return {
        "layout": {
            "font": {"family": font, "size": 13, "color": TEXT},
            "paper_bgcolor": CARD,
            "plot_bgcolor": CARD,
            "colorway": [COLORS[k] for k in ("vm", "apps", "guest_os", "runtime", "hypervisor", "host_os", "stranded")],
            "title": {
                "x": 0.01, "xanchor": "left", "y": 0.98, "yanchor": "top",
                "font": {"size": 18, "color": TEXT, "weight": 600},
                "subtitle": {"font": {"size": 13, "color": MUTED}},
            },
            "legend": {
                "orientation": "h", "x": 0, "xanchor": "left", "y": -0.02, "yanchor": "top",
                "font": {"size": 12, "color": TEXT}, "bgcolor": "rgba(0,0,0,0)", "itemclick": False,
                "itemdoubleclick": False, "tracegroupgap": 4,
            },
            "hoverlabel": {
                "bgcolor": CARD, "bordercolor": EDGE, "font": {"family": font, "size": 13, "color": TEXT},
                "align": "left",
            },
            "margin": {"l": 24, "r": 24, "t": 72, "b": 24},
            "xaxis": axis,
            "yaxis": axis,
            "hovermode": "closest",
            "dragmode": False,
            "separators": ". ",
        }
    }


def template(language: str | None = None) -> Any:
    """The one plotly template (``plotly.graph_objects.layout.Template``) used by every vizlib figure.

    It is registered as ``plotly.io.templates["vizlib"]``; plotly's default template and renderer are not changed.
    Its fonts follow ``language`` (default: the current one; see :func:`font_family`), and the registered template
    is the one last used.

    Examples
    --------
    >>> from vizlib.figures import theme
    >>> theme.template().layout.paper_bgcolor
    '#FFFFFF'
    >>> theme.template("ko").layout.font.family.startswith("'Noto Sans KR'")
    True
    """
    import plotly.io as pio

    tpl = _template(font_family(language))
    if _REGISTERED.get(TEMPLATE_NAME) is not tpl:
        pio.templates[TEMPLATE_NAME] = tpl
        _REGISTERED[TEMPLATE_NAME] = tpl
    return tpl


_REGISTERED: dict[str, Any] = {}


@lru_cache(maxsize=4)
def _template(font: str) -> Any:
    import plotly.graph_objects as go

    return go.layout.Template(_template_dict(font))


def figure(data: list[dict], layout: dict, frames: list[dict] | None = None, *, validate: bool = False) -> go.Figure:
    """A ``plotly.graph_objects.Figure`` with the vizlib :func:`template`, from plain dicts.

    Parameters
    ----------
    data : list of dict
        Trace dicts (each with its ``"type"``).
    layout : dict
        Layout properties; the template is added first, so ``layout`` may override it.
    frames : list of dict, optional
        Animation frames (plotly validates frames either way).
    validate : bool, default False
        Validate ``data`` and ``layout`` property by property while building (the figure is the same, but its
        JSON lists properties in plotly's order). By default the figure is built without that: the inputs are
        vizlib's own, and validating a large figure is slow. Then only the figure object itself validates
        again: traces added later are checked, but edits to the layout or to the traces built here are not.

    Returns
    -------
    plotly.graph_objects.Figure

    Examples
    --------
    >>> from vizlib.figures import theme
    >>> fig = theme.figure([{"type": "bar", "x": ["a"], "y": [1]}], {"title": theme.title("One bar")})
    >>> fig.layout.title.text, fig.layout.template.layout.paper_bgcolor
    ('One bar', '#FFFFFF')
    >>> theme.figure([], {"height": "tall"}, validate=True)  # doctest: +ELLIPSIS
    Traceback (most recent call last):
    ...
    ValueError: ...Invalid value of type 'builtins.str' received for the 'height' property of layout...
    """
    import plotly.graph_objects as go

    layout = {"template": template(), **layout}
    if validate:
        return go.Figure(data=data, layout=layout, frames=frames)
    fig = go.Figure(data=data, layout=layout, frames=frames, _validate=False)
    fig._validate = True
    return fig


def title(text: str, subtitle: str = "") -> dict[str, Any]:
    """A plotly layout ``title``: ``text`` on the first line, ``subtitle`` (may be empty) in smaller grey below.

    Parameters
    ----------
    text : str
    subtitle : str, optional

    Returns
    -------
    dict
        ``{"text": text, "subtitle": {"text": subtitle}}``.

    Examples
    --------
    >>> from vizlib.figures import theme
    >>> theme.title("Usage by layer", "Each bar is 100%")
    {'text': 'Usage by layer', 'subtitle': {'text': 'Each bar is 100%'}}
    """
    return {"text": text, "subtitle": {"text": subtitle}}


def check_title(title: object) -> str | None:
    """A figure's ``title`` argument, checked: a string, or ``None`` (the figure's own title); returned unchanged.

    Parameters
    ----------
    title : str or None

    Returns
    -------
    str or None
        ``title`` itself.

    Raises
    ------
    TypeError
        If ``title`` is neither a string nor ``None``.

    Examples
    --------
    >>> from vizlib.figures import theme
    >>> theme.check_title("My figure"), theme.check_title(None)
    ('My figure', None)
    >>> theme.check_title(5)
    Traceback (most recent call last):
    ...
    TypeError: title must be a string or None, got 5 (int)
    """
    if title is not None and not isinstance(title, str):
        raise TypeError(f"title must be a string or None, got {title!r} ({type(title).__name__})")
    return title


def tint(hex_color: str, amount: float) -> str:
    """``hex_color`` mixed with white: ``amount`` 0 gives white, 1 the colour itself."""
    h = hex_color.lstrip("#")
    r, g, b = (int(h[i:i + 2], 16) for i in (0, 2, 4))
    mix = [round(255 + (c - 255) * amount) for c in (r, g, b)]
    return "#" + "".join(f"{c:02X}" for c in mix)
