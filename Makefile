# The two commands: `make run` and `make test`. Both install what is missing first.
BUILD      := build
DB         ?= var/grantcheck.db
LISTEN     ?= 127.0.0.1:8080
JOBS       ?= $(shell nproc)

export CCACHE_MAXSIZE ?= 2G

.PHONY: run test deps build bench format tidy clean

run: deps build
	@mkdir -p $(dir $(DB))
	@if [ ! -f $(DB) ]; then \
	  echo "grantcheck: creating $(DB) from data/"; \
	  $(BUILD)/grantcheck load data --db $(DB); \
	fi
	$(BUILD)/grantcheck serve --db $(DB) --listen $(LISTEN)

test: deps build
	cd $(BUILD) && ctest --output-on-failure -j $(JOBS) --timeout 600

deps:
	@scripts/install-deps.sh

$(BUILD)/build.ninja:
	cmake --preset release

build: $(BUILD)/build.ninja
	cmake --build --preset release -j $(JOBS)

bench: deps build
	bench/run.sh

format:
	git ls-files '*.cpp' '*.hpp' | xargs clang-format -i

tidy: $(BUILD)/build.ninja
	git ls-files 'src/*.cpp' | xargs clang-tidy -p $(BUILD) --quiet

clean:
	rm -rf $(BUILD)
