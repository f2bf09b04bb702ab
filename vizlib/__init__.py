r"""vizlib: the library behind the course on virtualization and containers.

The package is cut into layers, bottom first; a module imports only its own layer and the layers before it
(``tests/test_architecture.py`` checks this, and that no module reaches into another's private names)::

    text/       words: the message catalogue (English, Korean; gettext .po files), number formats, the glossary
    model/      numbers: hosts, hypervisors, VMs, containers, clusters, migration, paging, the one table of cited
                defaults (model/table.py), and plain-language descriptions of model state; no plotting
    tools/      facts about the learner's own machine and environment, read-only
    layout/     geometry from model state: where every square, box and label goes; no plotting
    figures/    plotly figures: pure functions of model state over shared trace builders (figures/traces.py)
    exercises/  seeded exercises whose answers the model computes
    widgets/    dashboards and quizzes: controls wired to the model, updating figures in place

        widgets
           |
       exercises
           |
        figures
           |
        layout
           |
     tools   |
        \    |
         model
           |
         text

Every public name is imported here explicitly and listed in ``__all__``; lessons use ``import vizlib as vz``
and ``vz.<name>``.
"""

from vizlib.exercises.problems import (
    PROBLEM_KINDS,
    Feedback,
    Problem,
    judge_number,
    parse_number,
    problem,
    problem_kinds,
)
from vizlib.figures.cloud import (
    PLACEMENT_LAYERS,
    cluster_graph_figure,
    cluster_layout,
    host_breakdown,
    machine_figure,
    overhead_explorer,
    placement_explorer,
    placement_figure,
    policy_figure,
    spectrum_figure,
    vcpu_figure,
)
from vizlib.figures.hardware import (
    EFFICIENCY_TRACES,
    HARDWARE_TRACES,
    USAGE_TRACES,
    FigureSpec,
    animate_containers,
    animate_split,
    efficiency_figure,
    efficiency_spec,
    hardware_figure,
    hardware_spec,
    refresh_figure,
    stack_figure,
    usage_figure,
    usage_spec,
)
from vizlib.figures.kernel import (
    KERNEL_PARTS,
    NAMESPACE_TYPES,
    SYSCALL_EXAMPLES,
    image_layers_figure,
    kernel_count_figure,
    namespaces_figure,
    performance_figure,
    syscall_figure,
)
from vizlib.figures.machines import (
    MIGRATION_TRACES,
    address_translation_figure,
    animate_migration,
    clones_figure,
    migration_figure,
    migration_spec,
)
from vizlib.figures.theme import label as layer_label
from vizlib.model.cluster import (
    DEFAULT_MIX,
    PACKAGINGS,
    PLACEMENT_POLICIES,
    AppSize,
    Cluster,
    ClusterComparison,
    Footprint,
    Placement,
    footprint,
    policy_name,
    policy_text,
    workload,
)
from vizlib.model.comparison import (
    STARTUP_PARTS,
    Comparison,
    Packaging,
    compare,
)
from vizlib.model.describe import (
    describe,
    system_title,
)
from vizlib.model.isolation import (
    BOUNDARIES,
    Isolation,
    Spectrum,
    VirtualizationKind,
    VirtualizationKinds,
    spectrum,
    virtualization_kinds,
)
from vizlib.model.migration import (
    MIB_PER_GBIT,
    Migration,
    MigrationRound,
    migrate,
)
from vizlib.model.paging import (
    TRANSLATIONS,
    Translation,
    translation,
    walk_references,
)
from vizlib.model.scenario import (
    Refusal,
    Scenario,
    fill_containers,
    fill_vms,
)
from vizlib.model.snapshots import (
    CLONE_KINDS,
    CloneStorage,
    clone_storage,
)
from vizlib.model.stack import (
    BENEATH_LABELS,
    BENEATH_WHAT,
    stack_graph,
)
from vizlib.model.systems import (
    DEFAULT_PRODUCT,
    HYPERVISOR_KINDS,
    LAYERS,
    PRODUCTS,
    VIEWS,
    AllocationError,
    App,
    AppTooBig,
    BelowSizingFloor,
    Breakdown,
    Container,
    ContainerRuntime,
    Host,
    Hypervisor,
    HypervisorProduct,
    LimitBelowRequest,
    Refused,
    Usage,
    VirtualMachine,
    vm_overhead_gib,
)
from vizlib.model.table import (
    GUEST_OS,
    IMAGES,
    MIB,
    GuestOS,
    Parameter,
    ParameterTable,
    parameters,
    parameters_overridden,
    parameters_read,
)
from vizlib.text.catalog import (
    LANGUAGES,
    get_language,
    set_language,
)
from vizlib.text.fmt import pad
from vizlib.text.terms import (
    COINED_MARK,
    TERMS,
    TOPICS,
    Glossary,
    Term,
    glossary,
)
from vizlib.tools.environment import (
    REQUIREMENTS,
    Check,
    DoctorReport,
    Requirement,
    doctor,
)
from vizlib.tools.machine import (
    NAMESPACES,
    MachineInfo,
    Namespace,
    inspect_machine,
)
from vizlib.widgets.dashboards import (
    Dashboard,
    allocation_dashboard,
    comparison_dashboard,
    for_widget,
    migration_dashboard,
    update_figure,
)
from vizlib.widgets.quizzes import (
    PredictQuestion,
    PredictWidget,
    Question,
    QuizWidget,
    check,
    predict,
    quiz,
)

__version__ = "0.1.0"

__all__ = [
    "address_translation_figure",
    "allocation_dashboard",
    "AllocationError",
    "animate_containers",
    "animate_migration",
    "animate_split",
    "App",
    "AppSize",
    "AppTooBig",
    "BelowSizingFloor",
    "BENEATH_LABELS",
    "BENEATH_WHAT",
    "BOUNDARIES",
    "Breakdown",
    "check",
    "Check",
    "CLONE_KINDS",
    "clone_storage",
    "clones_figure",
    "CloneStorage",
    "Cluster",
    "cluster_graph_figure",
    "cluster_layout",
    "ClusterComparison",
    "COINED_MARK",
    "compare",
    "Comparison",
    "comparison_dashboard",
    "Container",
    "ContainerRuntime",
    "Dashboard",
    "DEFAULT_MIX",
    "DEFAULT_PRODUCT",
    "describe",
    "doctor",
    "DoctorReport",
    "efficiency_figure",
    "efficiency_spec",
    "EFFICIENCY_TRACES",
    "Feedback",
    "FigureSpec",
    "fill_containers",
    "fill_vms",
    "footprint",
    "Footprint",
    "for_widget",
    "get_language",
    "Glossary",
    "glossary",
    "GUEST_OS",
    "GuestOS",
    "hardware_figure",
    "hardware_spec",
    "HARDWARE_TRACES",
    "Host",
    "host_breakdown",
    "Hypervisor",
    "HYPERVISOR_KINDS",
    "HypervisorProduct",
    "image_layers_figure",
    "IMAGES",
    "inspect_machine",
    "Isolation",
    "judge_number",
    "kernel_count_figure",
    "KERNEL_PARTS",
    "LANGUAGES",
    "layer_label",
    "LAYERS",
    "LimitBelowRequest",
    "machine_figure",
    "MachineInfo",
    "MIB",
    "MIB_PER_GBIT",
    "migrate",
    "Migration",
    "migration_dashboard",
    "migration_figure",
    "migration_spec",
    "MIGRATION_TRACES",
    "MigrationRound",
    "Namespace",
    "NAMESPACE_TYPES",
    "NAMESPACES",
    "namespaces_figure",
    "overhead_explorer",
    "Packaging",
    "PACKAGINGS",
    "pad",
    "Parameter",
    "parameters",
    "parameters_overridden",
    "parameters_read",
    "ParameterTable",
    "parse_number",
    "performance_figure",
    "Placement",
    "placement_explorer",
    "placement_figure",
    "PLACEMENT_LAYERS",
    "PLACEMENT_POLICIES",
    "policy_figure",
    "policy_name",
    "policy_text",
    "predict",
    "PredictQuestion",
    "PredictWidget",
    "Problem",
    "problem",
    "problem_kinds",
    "PROBLEM_KINDS",
    "PRODUCTS",
    "Question",
    "quiz",
    "QuizWidget",
    "refresh_figure",
    "Refusal",
    "Refused",
    "Requirement",
    "REQUIREMENTS",
    "Scenario",
    "set_language",
    "Spectrum",
    "spectrum",
    "spectrum_figure",
    "stack_figure",
    "stack_graph",
    "STARTUP_PARTS",
    "SYSCALL_EXAMPLES",
    "syscall_figure",
    "system_title",
    "Term",
    "TERMS",
    "TOPICS",
    "Translation",
    "translation",
    "TRANSLATIONS",
    "update_figure",
    "Usage",
    "usage_figure",
    "usage_spec",
    "USAGE_TRACES",
    "vcpu_figure",
    "VIEWS",
    "virtualization_kinds",
    "VirtualizationKind",
    "VirtualizationKinds",
    "VirtualMachine",
    "vm_overhead_gib",
    "walk_references",
    "workload",
]
