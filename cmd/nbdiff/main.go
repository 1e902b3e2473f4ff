// Command nbdiff shows what changed in Jupyter notebooks, cell by cell, and
// serves git as a diff driver, textconv and clean filter.
//
//	nbdiff OLD NEW                      two notebooks (/dev/null or an empty file = absent)
//	nbdiff DIR DIR                      every notebook two trees hold, by relative path
//	nbdiff [REV | REV REV | REV..REV | REV...REV] [--cached] [-- PATH...]
//	                                    in a repository, like git diff
//	nbdiff driver PATH OLD OLD-HEX OLD-MODE NEW NEW-HEX NEW-MODE [NEW-PATH META]
//	nbdiff textconv FILE
//	nbdiff --html [-o FILE] [--open] [DIFF ARGS]  one self-contained HTML page of the diff
//	nbdiff web [--port N] [--no-browser] [DIFF ARGS]  the page served on 127.0.0.1
//
// Flags may come before or after the arguments. A first argument that names
// a command (strip, filter, install, uninstall, driver, textconv, web) is that
// command; write ./NAME to diff a file with such a name. Two arguments that
// both exist on disk are files, also inside a repository; write
// "nbdiff -- PATH PATH" to diff two paths of the repository against the
// index instead.
//
// The HTML page (--html, web) is made by nbdiff-html, which nbdiff runs
// with the same arguments: the page's libraries stay out of this binary,
// which git starts once per file. So does go-git: nbdiff reads a
// repository (revisions, the index, the working tree) with the git
// command, nbdiff-html with go-git. The command line itself is
// internal/nbdiffcli.
package main

import "github.com/nbtools/nbdiff/internal/nbdiffcli"

func main() { nbdiffcli.Main(nbdiffcli.Links{}) }
