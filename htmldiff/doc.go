// Package htmldiff renders the difference of notebooks, as the diff
// package computes it, as one self-contained HTML page for people to
// review: each changed cell as Jupyter shows it, in two views a reader
// switches between (side by side and unified), with changed lines and
// words marked, and changed images compared pixel by pixel.
//
// # The page
//
//   - A list of the notebooks and their changed cells to jump to; the
//     keys n and p (or j and k) go to the next and previous change.
//   - Each changed cell (added, removed, modified, moved, or of another
//     type: what diff.Cell.Changed says, so the page shows the cells the
//     text diff with the same options shows) with its source: code
//     highlighted by the notebook's language (metadata.kernelspec.language,
//     else language_info.name, else python) in chroma's token classes and
//     its "github" style, by chroma's lexer of the language, or for Python
//     by this package's own (pythonLexer: chroma's is made of regular
//     expressions and is too slow for a page of many changed cells);
//     markdown rendered
//     (CommonMark with GitHub's tables, strikethrough and autolinks; math
//     in $...$ and $$...$$ kept as TeX in a styled span), its source diff
//     after it. Long runs of unchanged lines inside a changed cell fold to
//     a button (Options.Context). The page holds the side-by-side table of
//     each source; its script makes the unified view of it when a reader
//     first asks for it, so that the source is in the page once.
//   - Outputs as Jupyter shows them: text, errors with their ANSI colours,
//     images, SVG (as an image, never inline), HTML in sandboxed frames,
//     JavaScript and JSON as text. Outputs are matched as a sequence; an
//     unchanged one shows once, a changed one in its two versions. Two
//     versions of an image (PNG, JPEG or GIF) show in four views: side by
//     side, swipe, onion skin and the pixel difference (changed pixels in
//     colour over a faint copy, with the share of pixels that changed and
//     both sizes); an image only encoded anew says it has the same pixels.
//   - Execution count, id and metadata changes in a closed section per
//     cell; the notebook's metadata changes in one per notebook.
//   - Runs of unchanged cells fold to their number and open on a click,
//     their sources as plain text (rendering and highlighting every
//     unchanged cell of a big notebook would cost more than the rest of
//     the page, which is about the changes), their outputs only with
//     Options.UnchangedOutputs.
//
// # Safety
//
// A page must be safe to open whatever the notebooks hold, and must load
// nothing from the network:
//
//   - A Content-Security-Policy meta tag allows images from data: URIs
//     only, inline styles, the page's own script by its SHA-256 and
//     nothing else (default-src 'none').
//   - Images are data URIs, each distinct image once (in a JSON block that
//     the script hands to the img elements). An image from elsewhere (a
//     URL in markdown) is not loaded: its address is shown instead.
//   - Markdown's raw HTML is sanitized with bluemonday's UGC policy, then
//     parsed as the content of its cell and written out again, so that it
//     closes what it opens and nothing of the page's (a fold of its own
//     could hide the cells after it), and its ids and names get the
//     prefix "user-content-" (links to them follow), so that none is one
//     of the page's own (the images' store, the cells' anchors).
//     HTML outputs are sanitized too (styles kept, scripts, event handlers
//     and outside images dropped) and shown in iframes whose sandbox does
//     not allow scripts; JavaScript outputs are shown as text.
//
// The page is built from templates (html/template) and from fragments
// this package writes with every text escaped. Its CSS and script are
// this package's own (style.css, script.js), embedded. The output is
// deterministic: the same files give the same bytes.
package htmldiff
