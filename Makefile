# One task runner for people and CI (.ci/run calls `make test`).
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed
ADDR ?= 127.0.0.1:8000
AS_OF ?=
AS_OF_FLAG := $(if $(AS_OF),--as-of $(AS_OF),)

.PHONY: setup lock serve site publish grade validate test test-fast lint format goldens reference bench docs-check clean

$(STAMP): pyproject.toml uv.lock requirements-dev.lock.txt scripts/setup-venv.sh
	PYTHON=$(PYTHON) VENV=$(VENV) scripts/setup-venv.sh
	touch $(STAMP)

setup: $(STAMP)  ## create .venv/ from the lock file (uv.lock with uv, else pip --require-hashes)

lock: setup  ## after changing dependencies in pyproject.toml: re-lock and re-export, commit all three
	$(BIN)/uv lock
	$(BIN)/uv export --frozen --no-emit-project -o requirements.lock.txt --quiet
	$(BIN)/uv export --frozen --no-emit-project --extra dev -o requirements-dev.lock.txt --quiet

validate: setup
	$(BIN)/academy validate

grade: setup
	$(BIN)/academy grade $(AS_OF_FLAG)

site: setup  ## preview build into site/: grades in memory, writes no ledger row
	$(BIN)/academy build $(AS_OF_FLAG)

publish: setup  ## publication build (intranet): build into site/, then append the ledger
	$(BIN)/academy build --publish $(AS_OF_FLAG)

serve: setup  ## preview with live reload on http://127.0.0.1:8000 (-v: V=1); writes no ledger
	$(BIN)/academy serve --addr $(ADDR) $(AS_OF_FLAG) $(if $(V),-v,)

# a worker per core (pytest-xdist); the 15 slowest tests are listed at the end
PYTEST := $(BIN)/python -m pytest -n auto --durations=15

test: setup  ## lint, then every test: browser, print, spreadsheet, verifier and fuzz tests included
	$(MAKE) --no-print-directory lint
	$(PYTEST)

test-fast: setup  ## every test not marked slow
	$(PYTEST) -m "not slow"

lint: setup  ## ruff, the import layers (import-linter), the types (mypy, strict on the core), the workflows (zizmor)
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .
	$(BIN)/lint-imports
	$(BIN)/mypy
	$(BIN)/zizmor --offline --no-progress .github/workflows

format: setup
	$(BIN)/ruff format .
	$(BIN)/ruff check --fix .

reference: setup  ## regenerate the command reference in docs/guide/command-line.md from the parser
	$(BIN)/python -c 'from academy.cli import build_parser; from academy.commands.reference import write; print(write(build_parser()))'

goldens: setup  ## refresh golden files; review the diff before committing
	$(BIN)/python -m pytest --update-goldens

bench: setup  ## grading vs parsing, and certificate pages vs plain mkdocs pages (slow)
	$(BIN)/python scripts/bench/bench_grade.py
	$(BIN)/python scripts/bench/bench_certificates.py
	$(BIN)/python scripts/bench/bench_credentials.py
	$(BIN)/python scripts/bench/bench_qr.py
	$(BIN)/python scripts/bench/bench_export.py
	$(BIN)/python scripts/bench/bench_cycles.py
	$(BIN)/python scripts/bench/bench_ratios.py
	$(BIN)/python scripts/bench/bench_decisions.py
	$(BIN)/python scripts/bench/bench_spreadsheet.py

clean:
	rm -rf site docs/generated .pytest_cache
