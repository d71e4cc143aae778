# The two set-up commands of the README, plus helpers. Each prepares what it needs.
.PHONY: run test bench lint

run:  ## set up everything and serve the demo province on http://localhost:8069
	bash scripts/run.sh

test:  ## set up everything and run the whole test suite on a fresh database
	bash scripts/test.sh

bench:  ## benchmark the monthly close (and Tukin) at two sizes, printing time, queries, memory
	bash scripts/bench.sh

lint:  ## ruff and pylint-odoo, as in make test
	.venv/bin/ruff check . && .venv/bin/ruff format --check . && \
	.venv/bin/pylint --disable=manifest-required-author,missing-readme iki_performance iki_tukin iki_demo
