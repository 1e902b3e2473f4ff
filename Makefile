# nbdiff and nbmerge: git diff and merge drivers for Jupyter notebooks.
GO      ?= go
PREFIX  ?= $(shell $(GO) env GOPATH)
BIN     := bin
SHARED  ?= ../shared

.PHONY: all build install demo test bench fuzz lint realmerge clean

all: build

build:
	$(GO) build -o $(BIN)/ ./cmd/nbdiff ./cmd/nbmerge

# install puts both binaries in $(PREFIX)/bin (by default $(go env GOPATH)/bin).
install:
	GOBIN=$(PREFIX)/bin $(GO) install ./cmd/nbdiff ./cmd/nbmerge

# demo installs and runs the main job on the notebooks in testdata/.
demo: install
	@sh testdata/demo.sh "$(PREFIX)/bin"

test:
	$(GO) vet ./...
	$(GO) test ./...

bench: build
	@sh testdata/bench.sh "$(SHARED)"

fuzz:
	$(GO) test ./notebook -run '^$$' -fuzz FuzzParse -fuzztime 30s

lint:
	@test -z "$$(gofmt -l . | grep -v '^testdata/')" || { gofmt -l . | grep -v '^testdata/'; exit 1; }
	$(GO) vet ./...

clean:
	rm -rf $(BIN)
