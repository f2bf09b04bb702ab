"""vizlib: the library behind the course on virtualization and containers.

Layers: model -> layout -> figures -> widgets. The model (this package's
``model``, ``compare``, ``stack`` and ``parameters`` modules) is pure Python
and the single source of every number the course shows.
"""

from .compare import Comparison, Packaging, compare
from .model import (
    HYPERVISOR_KINDS, LAYERS, AllocationError, App, Breakdown, Container, ContainerRuntime, Host,
    Hypervisor, Usage, VirtualMachine, vm_overhead_gib,
)
from .parameters import GUEST_OS, IMAGES, GuestOS, Parameter, ParameterTable, parameters
from .scenario import Refusal, Scenario, fill_containers, fill_vms
from .stack import stack_graph

__version__ = "0.1.0"

__all__ = [
    "AllocationError", "App", "Breakdown", "Comparison", "Container", "ContainerRuntime", "GUEST_OS",
    "GuestOS", "HYPERVISOR_KINDS", "Host", "Hypervisor", "IMAGES", "LAYERS", "Packaging", "Parameter",
    "ParameterTable", "Refusal", "Scenario", "Usage", "VirtualMachine", "compare", "fill_containers", "fill_vms", "parameters", "stack_graph", "vm_overhead_gib",
]
