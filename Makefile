# nbdiff and nbmerge: git diff and merge drivers for Jupyter notebooks.
GO      ?= go
PREFIX  ?= $(shell $(GO) env GOPATH)
BIN     := bin
SHARED  ?= ../shared
SHELL   := /bin/bash
.SHELLFLAGS := -o pipefail -c

.PHONY: all build install demo test bench fuzz lint corpus realmerge clean

all: build

# The binaries are static (no cgo): nothing to install beside them, and a
# smaller resident set at start-up.
export CGO_ENABLED ?= 0
# urfave/cli's man-page and markdown generators (and the markdown parser
# they pull in) are never used: leaving them out makes the binaries 0.4 MB
# smaller and start-up 0.7 ms shorter (their package init runs at every start).
TAGS    := -tags urfave_cli_no_docs

build:
	$(GO) build $(TAGS) -o $(BIN)/ ./cmd/nbdiff ./cmd/nbmerge

# install puts both binaries in $(PREFIX)/bin (by default $(go env GOPATH)/bin).
install:
	GOBIN=$(PREFIX)/bin $(GO) install $(TAGS) ./cmd/nbdiff ./cmd/nbmerge

# demo installs and runs the main job on the notebooks in testdata/.
demo: install
	@sh testdata/demo.sh "$(PREFIX)/bin"

test:
	$(GO) vet ./...
	$(GO) test ./...

# bench runs the Go benchmarks of the libraries, then times the commands
# against git diff --no-index and git merge-file on the same generated files.
bench: build
	$(GO) test ./notebook ./diff ./merge -run '^$$' -bench . -benchmem -benchtime 3x
	$(GO) run ./internal/bench -shared $(SHARED) -bin $(BIN)
	$(GO) run ./internal/benchadd -bin $(BIN) -shared $(SHARED) -n 1000 -runs 3
	$(GO) run ./tools/benchhtml -bin $(BIN) -shared $(SHARED) -runs 5

# corpus prints the figures of the checks on ../shared (they also run, and
# must pass, in make test): the corpus round trip and the real merges.
corpus:
	@$(GO) test ./notebook -run 'TestCorpusRoundTrip' -count=1 -v | grep -E '^(--- |ok|FAIL)|byte-identical|byte-stable'
	@$(GO) test ./internal/realmerge -run TestRealMerges -count=1 -v | grep -E '^(--- |ok|FAIL)|same'
	$(GO) run ./internal/realmerge $(SHARED)/merges

# realmerge replays the real merges of ../shared/merges through nbmerge.
realmerge:
	$(GO) run ./internal/realmerge $(SHARED)/merges

# fuzz runs every fuzz target for FUZZTIME each (go test fuzzes one target at a time).
FUZZTIME ?= 30s
fuzz:
	$(GO) test ./notebook -run '^$$' -fuzz '^FuzzParse$$' -fuzztime $(FUZZTIME)
	$(GO) test ./diff -run '^$$' -fuzz '^FuzzDiff$$' -fuzztime $(FUZZTIME)
	$(GO) test ./merge -run '^$$' -fuzz '^FuzzMerge$$' -fuzztime $(FUZZTIME)
	$(GO) test ./internal/pktline -run '^$$' -fuzz '^FuzzReader$$' -fuzztime $(FUZZTIME)
	$(GO) test ./internal/pktline -run '^$$' -fuzz '^FuzzServeFilter$$' -fuzztime $(FUZZTIME)
	$(GO) test ./merge -run '^$$' -fuzz '^FuzzSplitMarkers$$' -fuzztime $(FUZZTIME)

lint:
	@test -z "$$(gofmt -l . | grep -v '^testdata/')" || { gofmt -l . | grep -v '^testdata/'; exit 1; }
	$(GO) vet ./...

clean:
	rm -rf $(BIN)
