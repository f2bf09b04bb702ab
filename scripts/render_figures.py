"""Render every vizlib figure to PNG, on a light and a dark page, to look at them.

Usage: python scripts/render_figures.py [--lang ko] [NAME ...]   (no names: all)

Each figure is written to ``artifacts/figures/NAME.html`` with plotly.js
inlined (no network), opened in headless Chromium (Playwright with
/usr/bin/chromium) and saved as ``NAME-light.png`` and ``NAME-dark.png``.
Animations are shown at their first, middle and last frame
(``NAME@first``, ``NAME@middle``, ``NAME@last``).

``--lang ko`` builds the figures in Korean (from ``vizlib/text/locale/ko.po``) and adds the language to every
file name: ``NAME-ko.html``, ``NAME-ko-light.png``, ``NAME-ko@first-light.png``.
"""

from __future__ import annotations

import argparse
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

import vizlib as vz  # noqa: E402
from vizlib.figures import hardware as F  # noqa: E402
from vizlib.text.catalog import LANGUAGES, language  # noqa: E402

OUT = ROOT / "artifacts" / "figures"
PAGES = {"light": "#FFFFFF", "dark": "#111111"}  # JupyterLab light / dark page colours
CHROMIUM_ARGS = [
    "--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update",
    "--disable-sync", "--no-first-run",
]

# Runs in the page after the plot exists: page colour from the URL hash, animation frame from ?frame=N.
POST_SCRIPT = """
var params = new URLSearchParams(location.search);
document.body.style.background = params.get('page') || '#FFFFFF';
document.body.style.margin = '0';
document.body.style.padding = '24px';
document.body.style.boxSizing = 'border-box';
var gd = document.getElementById('{plot_id}');
var frame = params.get('frame');
function done() { setTimeout(function () { document.body.setAttribute('data-ready', '1'); }, 300); }
Plotly.Plots.resize(gd).then(function () {
  if (frame === null) { done(); return; }
  Plotly.animate(gd, [frame], {mode: 'immediate', frame: {duration: 0, redraw: true},
                               transition: {duration: 0}}).then(done);
});
"""


def scenarios() -> dict[str, tuple]:
    """Name -> (figure, frames to show or None)."""
    h16 = vz.Host(cpu_cores=16, memory_gib=64)
    web = vz.App("web", cpus=1.5, memory_gib=3)
    small = vz.App("web", cpus=0.5, memory_gib=0.5)

    hv = vz.Hypervisor(h16)
    for i in range(4):
        hv.create_vm(f"vm{i + 1}", vcpus=2, memory_gib=8, app=web)

    refused = vz.fill_vms(h16, count=9, vcpus=4, memory_gib=8, app=web)
    over = vz.fill_vms(h16, count=11, vcpus=3, memory_gib=6, cpu_overcommit=2.5, memory_overcommit=1.2,
                       app=vz.App("api", cpus=2.5, memory_gib=2))
    t2 = vz.Hypervisor(vz.Host(cpu_cores=8, memory_gib=32), kind="type2")
    t2.create_vm("linux", vcpus=2, memory_gib=4, app=vz.App("db", cpus=1, memory_gib=1.5))
    t2.create_vm("win", vcpus=2, memory_gib=6, guest_os="windows-desktop")
    cont = vz.fill_containers(h16, count=12, cpus=0.5, memory_gib=1, app=vz.App("web", cpus=0.4, memory_gib=0.75))
    many = vz.fill_vms(vz.Host(cpu_cores=32, memory_gib=128), count=34, vcpus=1, memory_gib=3,
                       app=vz.App("web", cpus=0.5, memory_gib=1))
    crowd = vz.fill_containers(vz.Host(cpu_cores=8, memory_gib=16), count=70, cpus=0.1, memory_gib=0.2,
                               app=vz.App("fn", cpus=0.1, memory_gib=0.15))

    anim_hv = vz.Hypervisor(h16)
    for i in range(3):
        anim_hv.create_vm(f"vm{i + 1}", vcpus=2, memory_gib=6, app=vz.App("web", cpus=1.5, memory_gib=2))
    anim_t2 = vz.Hypervisor(vz.Host(cpu_cores=8, memory_gib=32), kind="type2", host_os="ubuntu-server")
    anim_t2.create_vm("vm1", vcpus=2, memory_gib=4, app=vz.App("db", cpus=1, memory_gib=1.5))
    anim_t2.create_vm("vm2", vcpus=1, memory_gib=2)
    anim_rt = vz.ContainerRuntime(h16)
    for i in range(6):
        anim_rt.run(f"c{i + 1}", cpus=0.5, memory_gib=1, app=vz.App("web", cpus=0.5, memory_gib=0.75))

    stack_rt = vz.ContainerRuntime(h16)
    for i in range(4):
        stack_rt.run(f"c{i + 1}", cpus=0.5, memory_gib=0.5, app=small)
    stack_t1 = vz.Hypervisor(h16)
    stack_t2 = vz.Hypervisor(h16, kind="type2")
    for hvx in (stack_t1, stack_t2):
        for i in range(2):
            hvx.create_vm(f"vm{i + 1}", vcpus=1, memory_gib=2, app=small)

    products = []
    for key in ("esxi", "xen", "hyper-v"):
        hvx = vz.Hypervisor(h16, product=key)
        for i in range(2):
            hvx.create_vm(f"vm{i + 1}", vcpus=1, memory_gib=2, app=small)
        products.append(hvx)

    cmp = vz.compare(h16, small)
    fleet = vz.Cluster(vz.Host(cpu_cores=32, memory_gib=128))
    cmp_t2 = vz.compare(vz.Host(cpu_cores=8, memory_gib=16), vz.App("api", cpus=1, memory_gib=2), hypervisor="type2",
                        count=3)

    def frames(fig):
        n = len(fig.frames)
        return {"first": 0, "middle": n // 2, "last": n - 1}

    apps = vz.workload(600, seed=0)
    mig_anim = vz.animate_migration(vz.migrate(4, 50, 1))
    split = F.animate_split(anim_hv)
    split2 = F.animate_split(anim_t2)
    conts = F.animate_containers(anim_rt)
    return {
        "hardware_bare": (F.hardware_figure(h16), None),
        "hardware_type1": (F.hardware_figure(hv), None),
        "hardware_refused": (F.hardware_figure(refused.system, refused.refused), None),
        "hardware_overcommit": (F.hardware_figure(over.system, over.refused), None),
        "hardware_type2": (F.hardware_figure(t2), None),
        "hardware_containers": (F.hardware_figure(cont.system, cont.refused), None),
        "hardware_30vms": (F.hardware_figure(many.system, many.refused), None),
        "hardware_70containers": (F.hardware_figure(crowd.system, crowd.refused), None),
        "hardware_type1_used": (F.hardware_figure(hv, view="used"), None),
        "hardware_refused_used": (F.hardware_figure(refused.system, refused.refused, view="used"), None),
        "hardware_type2_used": (F.hardware_figure(t2, view="used"), None),
        "hardware_containers_used": (F.hardware_figure(cont.system, cont.refused, view="used"), None),
        "usage_type1": (F.usage_figure(hv), None),
        "usage_type1_used": (F.usage_figure(hv, view="used"), None),
        "usage_overcommit": (F.usage_figure(over.system), None),
        "usage_containers": (F.usage_figure(cont.system), None),
        "split_type1": (split, frames(split)),
        "split_type2": (split2, frames(split2)),
        "containers": (conts, frames(conts)),
        "stack_three": (F.stack_figure(stack_t1, stack_t2, stack_rt), None),
        "stack_products": (F.stack_figure(*products), None),
        "kernel_count": (vz.kernel_count_figure(count=5), None),
        "kernel_count_xen": (vz.kernel_count_figure(count=5, hypervisors=("kvm", "xen", "virtualbox")), None),
        "stack_30vms": (F.stack_figure(many.system), None),
        "efficiency": (F.efficiency_figure(cmp), None),
        "spectrum": (vz.spectrum_figure(), None),
        "placement": (vz.placement_figure(fleet.compare(vz.workload(300, seed=0))), None),
        "efficiency_type2_count": (F.efficiency_figure(cmp_t2), None),
        "migration": (vz.migration_figure(vz.migrate(4, 50, 1)), None),
        "migration_capped": (vz.migration_figure(vz.migrate(8, 110, 1)), None),
        "migration_fast": (vz.migration_figure(vz.migrate(16, 500, 10)), None),
        "migration_never": (vz.migration_figure(vz.migrate(4, 200, 1, max_rounds=None, max_sent_factor=None)), None),
        "migration_anim": (mig_anim, frames(mig_anim)),
        "vcpu": (vz.vcpu_figure(), None),
        "address_translation": (vz.address_translation_figure(), None),
        "clones": (vz.clones_figure(*(vz.clone_storage(k, 10, 0.5) for k in ("full", "linked", "containers"))), None),
        "syscalls": (vz.syscall_figure(), None),
        "namespaces": (vz.namespaces_figure(anim_rt), None),
        "image_layers": (vz.image_layers_figure(anim_rt), None),
        "performance": (vz.performance_figure(), None),
        "policy": (vz.policy_figure(fleet, {"random order": apps[:300], "smallest first": sorted(
            apps[:300], key=lambda a: (a.cpus, a.memory_gib))}), None),
        "cluster_graph": (vz.cluster_graph_figure(fleet.compare(apps[:200])), None),
        "placement_explorer": (vz.placement_explorer(fleet, apps, counts=[50, 100, 250, 500], start=250), None),
        "overhead_explorer": (vz.overhead_explorer([1, 10, 100, 1000, 10000]), None),
        "machine": (vz.machine_figure(vz.inspect_machine()), None),
    }


def main(argv: list[str]) -> int:
    from playwright.sync_api import sync_playwright

    parser = argparse.ArgumentParser(description="Render vizlib's figures to PNG with headless Chromium.")
    parser.add_argument("names", nargs="*", help="figures to render (default: all)")
    parser.add_argument("--lang", default="en", choices=sorted(LANGUAGES), help="language of the figures")
    args = parser.parse_args(argv)
    OUT.mkdir(parents=True, exist_ok=True)
    with language(args.lang):
        todo = scenarios()
    if args.names:
        unknown = sorted(set(args.names) - set(todo))
        if unknown:
            parser.error(f"unknown figure names: {', '.join(unknown)}")
        todo = {k: v for k, v in todo.items() if k in args.names}
    suffix = "" if args.lang == "en" else f"-{args.lang}"
    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path="/usr/bin/chromium", args=CHROMIUM_ARGS)
        page = browser.new_page(viewport={"width": 1048, "height": 700}, device_scale_factor=1)
        page.route("**/*", lambda route: route.abort() if not route.request.url.startswith("file:")
                   else route.continue_())  # prove it works offline
        for name, (fig, frames) in todo.items():
            html = OUT / f"{name}{suffix}.html"
            fig.write_html(html, include_plotlyjs=True, full_html=True, post_script=POST_SCRIPT, auto_play=False,
                           config={"displaylogo": False, "responsive": True})
            for label, frame in (frames or {None: None}).items():
                for page_name, colour in PAGES.items():
                    query = f"?page={colour.replace('#', '%23')}" + (f"&frame={frame}" if frame is not None else "")
                    start = time.perf_counter()
                    page.goto(html.as_uri() + query)
                    page.wait_for_selector("body[data-ready='1']", timeout=20000)
                    page.wait_for_timeout(150)
                    stem = f"{name}{suffix}" if label is None else f"{name}{suffix}@{label}"
                    png = OUT / f"{stem}-{page_name}.png"
                    page.screenshot(path=str(png), full_page=True)
                    print(f"{png.relative_to(ROOT)}  ({time.perf_counter() - start:.1f} s)", flush=True)
        browser.close()
    return 0


if __name__ == "__main__":
    raise SystemExit(main(sys.argv[1:]))
