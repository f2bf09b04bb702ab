# The course's two commands: `make lab` and `make test`.
PYTHON ?= python3
PORT ?= 8888
VENV := .venv
BIN := $(VENV)/bin
# The course in the browser (JupyterLite: JupyterLab and Python in WebAssembly), a static site built into
# build/lite by the tools of build/env-lite from the pins in lite/; rebuilt only when an input changed.
LITE_ENV := build/env-lite
LITE_STAMP := build/.lite-built
LITE_PORT ?= 8000
LITE_INPUTS := $(shell find vizlib lessons -type f \( -name '*.py' -o -name '*.ipynb' -o -name '*.po' \) \
	-not -path '*/.ipynb_checkpoints/*' -not -path '*/__pycache__/*' 2>/dev/null) \
	pyproject.toml README.md lite/pins.toml lite/kernel-requirements.txt scripts/build_lite.py

# JupyterLab refuses to run as root unless told; only pass the flag when we are root.
ROOT_FLAG := $(if $(filter 0,$(shell id -u)),--allow-root,)
# Open a browser only where one can be shown (macOS, or a Linux desktop session).
BROWSER_FLAG := $(shell if [ "$$(uname)" = Darwin ] || [ -n "$$DISPLAY$$WAYLAND_DISPLAY" ]; then :; else echo --no-browser; fi)

.PHONY: lab test lessons bench lite lite-serve clean

$(BIN)/python:
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip

# Installs are stamped so a second `make lab` starts at once.
$(VENV)/.lab-installed: $(BIN)/python binder/requirements.txt pyproject.toml
	$(BIN)/python -m pip install --quiet -r binder/requirements.txt
	touch $@

$(VENV)/.test-installed: $(VENV)/.lab-installed tests/requirements.txt
	$(BIN)/python -m pip install --quiet -r tests/requirements.txt
	touch $@

lab: $(VENV)/.lab-installed
	$(BIN)/jupyter lab lessons/00_start_here.ipynb --port=$(PORT) $(ROOT_FLAG) $(BROWSER_FLAG)

test: $(VENV)/.test-installed $(LITE_STAMP)
	$(BIN)/python -m pytest -p no:cacheprovider --doctest-modules vizlib tests --nbval lessons

# Re-execute every lesson in a fresh kernel and store its outputs (no widget state).
lessons: $(VENV)/.test-installed
	$(BIN)/python scripts/nav.py
	$(BIN)/python scripts/execute_lessons.py

# Print the course's timing figures: each lesson's run time and peak memory, dashboard latency.
bench: $(VENV)/.test-installed
	$(BIN)/python benchmarks/course_time.py
	$(BIN)/python benchmarks/widget_latency.py

# The in-browser site, built clean every time (make test needs it: tests/browser/test_lite.py drives it).
$(LITE_ENV)/.installed: lite/build-requirements.txt
	$(PYTHON) -m venv $(LITE_ENV)
	$(LITE_ENV)/bin/python -m pip install --quiet --no-deps -r lite/build-requirements.txt
	touch $@

$(LITE_STAMP): $(LITE_ENV)/.installed $(LITE_INPUTS)
	$(LITE_ENV)/bin/python scripts/build_lite.py
	touch $@

lite: $(LITE_STAMP)

# Serve the site on 127.0.0.1 for a local look (LITE_PORT=8000 by default).
lite-serve: $(LITE_STAMP)
	$(LITE_ENV)/bin/python scripts/serve_lite.py --port $(LITE_PORT)

clean:
	rm -rf $(VENV) artifacts build
