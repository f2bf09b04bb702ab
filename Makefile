# The course's two commands: `make lab` and `make test`.
PYTHON ?= python3
PORT ?= 8888
VENV := .venv
BIN := $(VENV)/bin

# JupyterLab refuses to run as root unless told; only pass the flag when we are root.
ROOT_FLAG := $(if $(filter 0,$(shell id -u)),--allow-root,)
# Open a browser only where one can be shown (macOS, or a Linux desktop session).
BROWSER_FLAG := $(shell if [ "$$(uname)" = Darwin ] || [ -n "$$DISPLAY$$WAYLAND_DISPLAY" ]; then :; else echo --no-browser; fi)

.PHONY: lab test lessons bench clean

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

test: $(VENV)/.test-installed
	$(BIN)/python -m pytest -p no:cacheprovider --doctest-modules vizlib tests --nbval lessons

# Re-execute every lesson in a fresh kernel and store its outputs (no widget state).
lessons: $(VENV)/.test-installed
	$(BIN)/python scripts/nav.py
	$(BIN)/python scripts/execute_lessons.py

# Print the course's timing figures: each lesson's run time and peak memory, dashboard latency.
bench: $(VENV)/.test-installed
	$(BIN)/python benchmarks/course_time.py
	$(BIN)/python benchmarks/widget_latency.py

clean:
	rm -rf $(VENV) artifacts
