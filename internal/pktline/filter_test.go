package pktline

import (
	"bytes"
	"errors"
	"strings"
	"testing"
)

// The handshake exactly as git 2.x sends it (gitattributes(5), "Long
// Running Filter Process", and gitprotocol-common(5)): a welcome, the
// versions, a flush; then the capabilities and a flush.
const (
	gitHello = "0016git-filter-client\n" + "000eversion=2\n" + "0000"
	gitCaps  = "0015capability=clean\n" + "0016capability=smudge\n" + "0015capability=delay\n" + "0000"
	// The answer of a clean-only filter.
	serverHello = "0016git-filter-server\n" + "000eversion=2\n" + "0000"
	serverCaps  = "0015capability=clean\n" + "0000"
)

func upper(path string, content []byte) ([]byte, error) {
	switch path {
	case "fail.ipynb":
		return nil, errors.New("cannot")
	case "panic.ipynb":
		panic("a bug")
	}
	return bytes.ToUpper(content), nil
}

func TestServeFilterHandshakeOnly(t *testing.T) {
	var out bytes.Buffer
	if err := ServeFilter(strings.NewReader(gitHello+gitCaps), &out, Filters{Clean: upper}); err != nil {
		t.Fatal(err)
	}
	if got, want := out.String(), serverHello+serverCaps; got != want {
		t.Errorf("got %q, want %q", got, want)
	}
}

func TestServeFilterAdvertisesOnlyWhatGitOffers(t *testing.T) {
	var out bytes.Buffer
	caps := "0015capability=clean\n0000"
	err := ServeFilter(strings.NewReader(gitHello+caps), &out, Filters{Clean: upper, Smudge: upper})
	if err != nil {
		t.Fatal(err)
	}
	if got, want := out.String(), serverHello+serverCaps; got != want {
		t.Errorf("got %q, want %q", got, want)
	}
	out.Reset()
	if err := ServeFilter(strings.NewReader(gitHello+gitCaps), &out, Filters{Clean: upper, Smudge: upper}); err != nil {
		t.Fatal(err)
	}
	if got, want := out.String(), serverHello+"0015capability=clean\n0016capability=smudge\n0000"; got != want {
		t.Errorf("got %q, want %q", got, want)
	}
}

// TestServeFilterFiles: a small, an empty and a large file; a file the
// function fails on or panics on (status=error, the session goes on); a
// command that was not advertised.
func TestServeFilterFiles(t *testing.T) {
	big := strings.Repeat("abcdefgh", 2*MaxData/8+3) // more than two packets
	var in strings.Builder
	in.WriteString(gitHello + gitCaps)
	// A small file, by hand.
	in.WriteString("0012command=clean\n" + "0015pathname=a.ipynb\n" + "0000" + "0007abc" + "0000")
	// An empty file: no content packet between the flushes.
	in.WriteString("0012command=clean\n" + "0019pathname=empty.ipynb\n" + "0000" + "0000")
	// A file the function fails on.
	in.WriteString("0012command=clean\n" + "0018pathname=fail.ipynb\n" + "0000" + "0005x" + "0000")
	// A file the function panics on fails alone; the session goes on.
	in.WriteString("0012command=clean\n" + "0019pathname=panic.ipynb\n" + "0000" + "0005x" + "0000")
	// A command that was not advertised.
	in.WriteString("0013command=smudge\n" + "0015pathname=b.ipynb\n" + "0000" + "0005y" + "0000")
	// A large file, with the extra keys git may send.
	in.WriteString(pkt("command=clean\n") + pkt("pathname=dir/big.ipynb\n") + pkt("treeish=0123\n") + "0000")
	for rest := big; rest != ""; {
		k := min(len(rest), MaxData)
		in.WriteString(pkt(rest[:k]))
		rest = rest[k:]
	}
	in.WriteString("0000")

	var want strings.Builder
	want.WriteString(serverHello + serverCaps)
	want.WriteString("0013status=success\n" + "0000" + "0007ABC" + "0000" + "0000")
	want.WriteString("0013status=success\n" + "0000" + "0000" + "0000")
	want.WriteString("0011status=error\n" + "0000")
	want.WriteString("0011status=error\n" + "0000")
	want.WriteString("0011status=error\n" + "0000")
	want.WriteString("0013status=success\n" + "0000")
	for rest := strings.ToUpper(big); rest != ""; {
		k := min(len(rest), MaxData)
		want.WriteString(pkt(rest[:k]))
		rest = rest[k:]
	}
	want.WriteString("0000" + "0000")

	var out bytes.Buffer
	if err := ServeFilter(strings.NewReader(in.String()), &out, Filters{Clean: upper}); err != nil {
		t.Fatal(err)
	}
	if got := out.String(); got != want.String() {
		t.Errorf("answers differ:\n got %.300q\nwant %.300q", got, want.String())
	}
}

func TestServeFilterBrokenSessions(t *testing.T) {
	for _, tc := range []struct{ name, in, wantErr string }{
		{"no welcome", "0000", "expected git-filter-client"},
		{"wrong welcome", "0016git-filter-server\n0000", "expected git-filter-client"},
		{"version 1 only", "0016git-filter-client\n000eversion=1\n0000", "not version=2"},
		{"no capabilities", gitHello, "reading capabilities"},
		{"request cut off", gitHello + gitCaps + "0012command=clean\n", "reading request"},
		{"content cut off", gitHello + gitCaps + "0012command=clean\n0000" + "0007abc", "content ends without a flush"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			err := ServeFilter(strings.NewReader(tc.in), &bytes.Buffer{}, Filters{Clean: upper})
			if err == nil || !strings.Contains(err.Error(), tc.wantErr) {
				t.Errorf("got %v, want an error containing %q", err, tc.wantErr)
			}
		})
	}
}

// FuzzServeFilter feeds arbitrary bytes to the server: it must never panic
// and, for input that starts with git's handshake, must answer it.
func FuzzServeFilter(f *testing.F) {
	f.Add([]byte(gitHello + gitCaps + "0012command=clean\n0000" + "0007abc0000"))
	f.Add([]byte(gitHello + gitCaps + "0012command=clean\n0000fff0"))
	f.Add([]byte("0001"))
	f.Fuzz(func(t *testing.T, in []byte) {
		var out bytes.Buffer
		ServeFilter(bytes.NewReader(in), &out, Filters{Clean: upper})
		if bytes.HasPrefix(in, []byte(gitHello+gitCaps)) && !bytes.HasPrefix(out.Bytes(), []byte(serverHello+serverCaps)) {
			t.Errorf("handshake not answered: %q", out.Bytes())
		}
	})
}

// TestServeFilterReusesContent: every file is read into the memory of the
// one before, so a function may return its content itself, and a file
// shorter than the one before comes out whole and alone.
func TestServeFilterReusesContent(t *testing.T) {
	files := []string{strings.Repeat("long file ", MaxData/5), "short", "", "mid-sized file"}
	var in, want strings.Builder
	in.WriteString(gitHello + gitCaps)
	want.WriteString(serverHello + serverCaps)
	for _, f := range files {
		in.WriteString(pkt("command=clean\n") + pkt("pathname=a.ipynb\n") + "0000")
		want.WriteString("0013status=success\n" + "0000")
		for rest := f; rest != ""; {
			k := min(len(rest), MaxData)
			in.WriteString(pkt(rest[:k]))
			want.WriteString(pkt(rest[:k]))
			rest = rest[k:]
		}
		in.WriteString("0000")
		want.WriteString("0000" + "0000")
	}
	same := func(_ string, content []byte) ([]byte, error) { return content, nil }
	var out bytes.Buffer
	if err := ServeFilter(strings.NewReader(in.String()), &out, Filters{Clean: same}); err != nil {
		t.Fatal(err)
	}
	if got := out.String(); got != want.String() {
		t.Errorf("answers differ:\n got %.300q\nwant %.300q", got, want.String())
	}
}
