# The two commands a newcomer needs: `make demo` and `make test`. Both create (or reuse) .venv from the
# pinned requirements.lock by themselves, with uv where it is installed and pip otherwise.

PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.greenlane-installed
UV := $(shell command -v uv 2>/dev/null)

.PHONY: demo test lint typecheck unit serve bench clean venv

venv: $(STAMP)

$(STAMP): requirements.lock pyproject.toml
	@$(PYTHON) -c 'import sys; assert sys.version_info >= (3, 11), "greenlane needs Python 3.11 or newer"'
ifdef UV
	@test -x $(BIN)/python || $(UV) venv --python $(PYTHON) $(VENV)
	$(UV) pip install --python $(BIN)/python -r requirements.lock
	$(UV) pip install --python $(BIN)/python --no-deps -e .
else
	@test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet -r requirements.lock
	$(BIN)/python -m pip install --quiet --no-deps -e .
endif
	@touch $(STAMP)

demo: $(STAMP)
	$(BIN)/greenlane demo

LINTED := $(wildcard src tests benchmarks)

lint: $(STAMP)
	$(BIN)/ruff check $(LINTED)
	$(BIN)/ruff format --check $(LINTED)
	$(BIN)/lint-imports

typecheck: $(STAMP)
	$(BIN)/mypy

# pytest exits 5 when it collected nothing; that must fail, never pass quietly.
test: lint typecheck
	$(BIN)/python -m pytest -p no:cacheprovider $(PYTEST_ARGS); status=$$?; \
	  if [ $$status -eq 5 ]; then echo "pytest collected no tests: failing on purpose"; exit 1; fi; exit $$status

unit: $(STAMP)
	$(BIN)/python -m pytest -p no:cacheprovider tests/unit $(PYTEST_ARGS)

serve: $(STAMP)
	$(BIN)/greenlane serve

clean:
	rm -rf $(VENV) var .mypy_cache .ruff_cache
