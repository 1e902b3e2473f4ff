# nbdiff and nbmerge: git diff and merge drivers for Jupyter notebooks.
GO      ?= go
PREFIX  ?= $(shell $(GO) env GOPATH)
BIN     := bin
SHARED  ?= ../shared
SHELL   := /bin/bash
.SHELLFLAGS := -o pipefail -c

.PHONY: all build install demo test bench fuzz lint corpus realmerge dist clean

all: build

# The binaries are static (no cgo): nothing to install beside them, and a
# smaller resident set at start-up.
export CGO_ENABLED ?= 0
# urfave/cli's man-page and markdown generators (and the markdown parser
# they pull in) are never used: leaving them out makes the binaries smaller
# and start-up shorter (their package init runs at every start).
TAGS    := -tags urfave_cli_no_docs

# CMDS are the binaries: nbdiff, nbmerge, and nbdiff-html, which nbdiff
# runs for the HTML page (--html, web) from its own folder, so that
# nbdiff itself links none of the page's libraries.
CMDS    := ./cmd/nbdiff ./cmd/nbdiff-html ./cmd/nbmerge

build:
	$(GO) build $(TAGS) -o $(BIN)/ $(CMDS)

# install puts the three binaries in $(PREFIX)/bin (by default $(go env GOPATH)/bin).
install:
	GOBIN=$(PREFIX)/bin $(GO) install $(TAGS) $(CMDS)

# demo installs and runs the main job on the notebooks in testdata/.
demo: install
	@sh testdata/demo.sh "$(PREFIX)/bin"

test:
	$(GO) vet ./...
	$(GO) test ./...

# bench runs the Go benchmarks of the libraries and of the commands' stages
# (internal/pipeline: parse, align, diff, merge, write, strip), then times
# the commands against git diff --no-index and git merge-file on the same
# generated files, and git add with the filters against a plain git add.
bench: build
	$(GO) test ./notebook ./diff ./merge ./internal/pipeline -run '^$$' -bench . -benchmem -benchtime 3x
	$(GO) run ./tools/bench -shared $(SHARED) -bin $(BIN)
	$(GO) run ./tools/benchadd -bin $(BIN) -shared $(SHARED) -copies 300 -n 1000 -runs 5
	$(GO) run ./tools/benchhtml -bin $(BIN) -shared $(SHARED) -runs 5

# corpus prints the figures of the checks on ../shared (they also run, and
# must pass, in make test): the corpus round trip and the real merges.
corpus:
	@$(GO) test ./notebook -run 'TestCorpusRoundTrip' -count=1 -v | grep -E '^(--- |ok|FAIL)|byte-identical|byte-stable'
	@$(GO) test ./tools/realmerge -run TestRealMerges -count=1 -v | grep -E '^(--- |ok|FAIL)|same'
	$(GO) run ./tools/realmerge $(SHARED)/merges

# realmerge replays the real merges of ../shared/merges through nbmerge.
realmerge:
	$(GO) run ./tools/realmerge $(SHARED)/merges

# fuzz runs every fuzz target for FUZZTIME each (go test fuzzes one target
# at a time). FUZZTIME is a count of inputs (Nx), not a duration: time-based
# fuzzing hits a known deadline race in Go 1.26's fuzzer.
FUZZTIME ?= 200000x
fuzz:
	$(GO) test ./notebook -run '^$$' -fuzz '^FuzzParse$$' -fuzztime $(FUZZTIME)
	$(GO) test ./diff -run '^$$' -fuzz '^FuzzDiff$$' -fuzztime $(FUZZTIME)
	$(GO) test ./merge -run '^$$' -fuzz '^FuzzMerge$$' -fuzztime $(FUZZTIME)
	$(GO) test ./internal/pktline -run '^$$' -fuzz '^FuzzReader$$' -fuzztime $(FUZZTIME)
	$(GO) test ./internal/pktline -run '^$$' -fuzz '^FuzzServeFilter$$' -fuzztime $(FUZZTIME)
	$(GO) test ./merge -run '^$$' -fuzz '^FuzzSplitMarkers$$' -fuzztime $(FUZZTIME)

# lint checks formatting, vet, that go.mod and go.sum are tidy, staticcheck,
# and that every package and test builds and vets on each of PLATFORMS, with
# and without the urfave_cli_no_docs tag. staticcheck comes last: it is the
# slowest.
#
# staticcheck runs as a pinned go run, not as a tool directive in go.mod: a
# tool's requirements join the module graph and would raise the versions of
# golang.org/x/sys and x/net that the binaries link.
STATICCHECK ?= honnef.co/go/tools/cmd/staticcheck@v0.8.2
PLATFORMS   ?= linux/amd64 linux/arm64 darwin/amd64 darwin/arm64 windows/amd64 windows/arm64
lint:
	@test -z "$$(gofmt -l . | grep -v '^testdata/')" || { gofmt -l . | grep -v '^testdata/'; exit 1; }
	$(GO) vet ./...
	$(GO) mod tidy -diff
	@for p in $(PLATFORMS); do \
		echo "build and vet for $$p"; \
		for tags in "" "$(TAGS)"; do \
			CGO_ENABLED=0 GOOS=$${p%/*} GOARCH=$${p#*/} $(GO) build $$tags ./... && \
			CGO_ENABLED=0 GOOS=$${p%/*} GOARCH=$${p#*/} $(GO) vet $$tags ./... || exit 1; \
		done; \
	done
	$(GO) run $(STATICCHECK) ./...
	$(GO) run github.com/rhysd/actionlint/cmd/actionlint@$(ACTIONLINT)

# actionlint checks the GitHub Actions workflows (.github/workflows).
ACTIONLINT := v1.7.12

# dist writes the release artefacts into $(DIST): for each of PLATFORMS an
# archive of the three binaries with LICENSE and README.md (.tar.gz; .zip for
# windows) and a Python wheel (PyPI name nbdiff-go), then SHA256SUMS. The
# version is the v-tag on HEAD without its "v", else 0.0.0-dev; the wheels
# need a python with the wheel module (see tools/dist). DISTFLAGS passes
# more flags to tools/dist, such as -wheels=false.
VERSION   ?= $(or $(patsubst v%,%,$(shell git describe --tags --exact-match --match 'v[0-9]*' 2>/dev/null)),0.0.0-dev)
DIST      ?= dist
dist:
	$(GO) run ./tools/dist -version '$(VERSION)' -out '$(DIST)' -platforms '$(PLATFORMS)' -buildflags '$(TAGS)' $(DISTFLAGS)

clean:
	rm -rf $(BIN) dist
