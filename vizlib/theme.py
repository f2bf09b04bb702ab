"""One look for every figure: a colour, a label and a pattern per layer, and one plotly template.

The palette is built on Okabe & Ito's colour-blind-safe set. Colour is never
the only cue: what matters most (stranded, free, not placed, overcommitted)
also carries a fill pattern or a dashed outline, and figures label it in words.

Figures are drawn as a light card with dark text, so they read the same in
JupyterLab's light and dark themes. The template is registered with plotly
as ``"vizlib"`` but never made the default, and the default renderer is left
alone.

Importing this module does not import plotly; :func:`template` does, on first
use.
"""

from __future__ import annotations

from collections.abc import Mapping
from functools import lru_cache
from types import MappingProxyType
from typing import Any

__all__ = [
    "COLORS",
    "LABELS",
    "PATTERNS",
    "TEXT",
    "MUTED",
    "CARD",
    "FONT",
    "TEMPLATE_NAME",
    "color",
    "label",
    "text_color",
    "template",
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
    "hardware": "hardware",
    "hypervisor": "hypervisor",
    "host_os": "host OS kernel",
    "guest_os": "guest OS",
    "runtime": "container runtime",
    "vm": "VM (reserved, empty)",
    "container": "container (libraries + settings)",
    "apps": "app",
    "stranded": "stranded (reserved, unused)",
    "free": "free",
    "not_placed": "not placed",
    "overcommitted": "overcommitted",
})
"""Words for each layer, as a learner reads them in legends and hover text."""

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
FONT = "Inter, 'Segoe UI', 'Helvetica Neue', Arial, 'Noto Sans', sans-serif"

TEMPLATE_NAME = "vizlib"


def color(layer: str) -> str:
    """Fill colour of ``layer``; raises ``ValueError`` naming the known layers.

    Examples
    --------
    >>> from vizlib import theme
    >>> theme.color("apps")
    '#009E73'
    """
    try:
        return COLORS[layer]
    except (KeyError, TypeError):
        raise ValueError(f"unknown layer {layer!r}; known: {', '.join(repr(k) for k in COLORS)}") from None


def label(layer: str) -> str:
    """Human label of ``layer`` (``"guest_os"`` -> ``"guest OS"``).

    Examples
    --------
    >>> from vizlib import theme
    >>> theme.label("host_os")
    'host OS kernel'
    """
    try:
        return LABELS[layer]
    except (KeyError, TypeError):
        raise ValueError(f"unknown layer {layer!r}; known: {', '.join(repr(k) for k in LABELS)}") from None


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
    >>> from vizlib import theme
    >>> theme.text_color("#FFFFFF") == theme.TEXT, theme.text_color("#0072B2")
    (True, '#FFFFFF')
    """
    lum = _luminance(background)
    on_dark = (1.05) / (lum + 0.05)
    on_light = (lum + 0.05) / (_luminance(TEXT) + 0.05)
    return "#FFFFFF" if on_dark > on_light else TEXT


def _template_dict() -> dict[str, Any]:
    axis = {
        "showgrid": False, "zeroline": False, "linecolor": "#D0D7DE", "tickcolor": "#D0D7DE",
        "ticks": "outside", "title": {"font": {"size": 13, "color": MUTED}}, "automargin": True,
        "tickfont": {"color": TEXT},
    }
    return {
        "layout": {
            "font": {"family": FONT, "size": 13, "color": TEXT},
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
                "bgcolor": CARD, "bordercolor": "#8C959F", "font": {"family": FONT, "size": 13, "color": TEXT},
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


@lru_cache(maxsize=1)
def template() -> Any:
    """The one plotly template (``plotly.graph_objects.layout.Template``) used by every vizlib figure.

    It is registered as ``plotly.io.templates["vizlib"]``; plotly's default
    template and renderer are not changed.

    Examples
    --------
    >>> from vizlib import theme
    >>> theme.template().layout.paper_bgcolor
    '#FFFFFF'
    """
    import plotly.graph_objects as go
    import plotly.io as pio

    tpl = go.layout.Template(_template_dict())
    pio.templates[TEMPLATE_NAME] = tpl
    return tpl
