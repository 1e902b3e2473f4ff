// Command nbdiff-html makes the HTML page of a notebook diff: nbdiff runs
// it, with its own arguments, for
//
//	nbdiff --html [-o FILE] [--open] [DIFF ARGS]  one self-contained HTML page of the diff
//	nbdiff web [--port N] [--no-browser] [DIFF ARGS]  the page served on 127.0.0.1
//
// and git difftool --tool=nbdiff runs nbdiff --html --open. It is the
// nbdiff command line (internal/nbdiffcli) with the page's libraries and
// server linked in (internal/htmlpage), and go-git to read repositories
// (internal/gitrepo/gogit), which nbdiff leaves out so that git, which
// starts nbdiff once per file, does not pay their start-up.
// Installed beside nbdiff; there is seldom a reason to call it directly.
package main

import (
	"github.com/nbtools/nbdiff/internal/gitrepo/gogit"
	"github.com/nbtools/nbdiff/internal/htmlpage"
	"github.com/nbtools/nbdiff/internal/nbdiffcli"
)

func main() { nbdiffcli.Main(nbdiffcli.Links{HTML: htmlpage.HTML{}, Store: gogit.Open}) }
