# Two entry points for a newcomer: `make demo` (set up, then open the studio UI) and `make test`.
# `make first-request PROMPT=...` runs one request on the command line instead.
PYTHON ?= python3
VENV ?= .venv
PY := $(VENV)/bin/python
PROMPT ?= make a red wooden table in 3D
# torch==2.13.0 resolves to the CPU wheel on these machines; a looser pin pulls a multi-GB CUDA
# build. On a CUDA machine run `make setup TORCH=torch` to let pip choose.
TORCH ?= torch==2.13.0
# Piper's English voice is GPL-3.0 (README 'Voice'): PIPER=0 leaves it out (English then speaks with eSpeak NG).
PIPER ?= 1
comma := ,
EXTRAS := dev$(comma)ray$(if $(filter 1,$(PIPER)),$(comma)piper)

.PHONY: setup demo first-request test bench clean

$(VENV)/.installed: pyproject.toml Makefile
	$(PYTHON) -m venv $(VENV)
	$(PY) -m pip install --quiet --disable-pip-version-check "$(TORCH)"
	$(PY) -m pip install --quiet --disable-pip-version-check -e '.[$(EXTRAS)]'
	# Whisper without triton (a GPU-only ~290 MB wheel): its CPU needs, then the package alone.
	$(PY) -m pip install --quiet --disable-pip-version-check -e '.[neural-asr-cpu]'
	$(PY) -m pip install --quiet --disable-pip-version-check --no-deps openai-whisper
	# Fit the embedded safety model on its corpus now (cached per corpus) instead of at the first moderated line.
	$(PY) -m persona.safety.train
	# Cache the sentence encoder's parsed tokenizer and the planner's exemplar vectors (agent/encoder.py), and fit
	# the planner's learned stage on its corpus (cached per corpus, rules and encoder; a few minutes, once).
	$(PY) -m agent.planner.train
	# The Khronos glTF Validator (Node.js) checks every GLB in the mesh tests; they skip without node.
	# three.js is served locally by the XR page (/xr). One npm command: --no-save prunes what it does not name.
	@if command -v npm >/dev/null 2>&1; then npm install --no-save --no-audit --no-fund --silent --prefix .node \
		gltf-validator@2.0.0-dev.3.10 three@0.187.0; else echo "npm not found: the glTF validator tests will be skipped"; fi
	touch $@

setup: $(VENV)/.installed

demo: setup
	$(PY) app.py ui

first-request: setup
	$(PY) app.py run "$(PROMPT)"

test: setup
	$(PY) -m pytest -q

bench: setup
	$(PY) app.py bench

clean:
	rm -rf $(VENV) build *.egg-info
