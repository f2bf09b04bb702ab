"""vizlib: the library behind the course on virtualization and containers.

Layers, each importing only the ones below it::

    widgets  ->  figures  ->  layout  ->  model

* model: ``model`` (hosts, hypervisors, VMs, container runtimes), ``compare``,
  ``scenario``, ``stack``, ``cluster``, ``spectrum`` and the one table of
  cited defaults in ``parameters``; pure Python, the single source of every
  number the course shows.
* layout: ``layout``, geometry from model state (no plotting).
* figures: ``figures`` (hardware, animations, stacks, efficiency), ``figures_os``
  (kernel, namespaces, images), ``figures_cloud`` (clusters, isolation spectrum,
  the learner's machine), ``theme`` (plotly), ``describe`` (plain text).
* widgets: ``widgets`` (dashboards), ``quiz`` (predict-then-check, quizzes).
* side modules: ``problems`` (seeded exercises), ``machine`` (inspect the
  learner's own machine), ``doctor`` (environment check), ``glossary``.
"""

import importlib as _importlib

from .cluster import *  # noqa: F403
from .compare import *  # noqa: F403
from .describe import *  # noqa: F403
from .doctor import *  # noqa: F403
from .figures import *  # noqa: F403
from .figures_cloud import *  # noqa: F403
from .figures_os import *  # noqa: F403
from .figures_vm import *  # noqa: F403
from .glossary import *  # noqa: F403
from .machine import *  # noqa: F403
from .migration import *  # noqa: F403
from .model import *  # noqa: F403
from .paging import *  # noqa: F403
from .parameters import *  # noqa: F403
from .problems import *  # noqa: F403
from .quiz import *  # noqa: F403
from .scenario import *  # noqa: F403
from .snapshots import *  # noqa: F403
from .spectrum import *  # noqa: F403
from .stack import *  # noqa: F403
from .widgets import *  # noqa: F403

__version__ = "0.1.0"

_MODULES = (
    "cluster", "compare", "describe", "doctor", "figures", "figures_cloud", "figures_os", "figures_vm", "glossary",
    "machine", "migration", "model", "paging", "parameters", "problems", "quiz", "scenario", "snapshots", "spectrum",
    "stack", "widgets",
)
__all__ = sorted({name for m in _MODULES for name in _importlib.import_module(f"{__name__}.{m}").__all__})
