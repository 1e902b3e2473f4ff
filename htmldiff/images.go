package htmldiff

import (
	"bytes"
	"crypto/sha256"
	"encoding/base64"
	"encoding/hex"
	"image"
	"image/draw"
	_ "image/gif" // decoders of the images compared pixel by pixel
	_ "image/jpeg"
	"image/png"
	"sort"
	"strings"
	"sync"
)

// imageMimes are the image types of outputs and attachments, in the order
// an output shows them.
var imageMimes = []string{"image/png", "image/jpeg", "image/gif", "image/webp", "image/bmp", "image/svg+xml"}

// An imageStore holds each distinct image of the page once, as a data URI
// under an id derived from its content; elements refer to it by id.
type imageStore struct {
	mu   sync.Mutex
	uris map[string]string // id -> data URI
}

func newImageStore() *imageStore { return &imageStore{uris: map[string]string{}} }

// add stores an image (base64 data of mime) and returns its id, or ""
// when the mime type or the data are not what an image's are (the page
// holds them in a script element: they must not be able to end it).
func (s *imageStore) add(mime, data string) string {
	if !validImage(mime, data) {
		return ""
	}
	h := sha256.New()
	h.Write([]byte(mime))
	h.Write([]byte{0})
	h.Write([]byte(data))
	id := "i" + hex.EncodeToString(h.Sum(nil)[:8])
	s.mu.Lock()
	if _, ok := s.uris[id]; !ok {
		s.uris[id] = dataURI(mime, data)
	}
	s.mu.Unlock()
	return id
}

// validImage reports whether mime is an image type and data is base64.
func validImage(mime, data string) bool {
	sub, ok := strings.CutPrefix(mime, "image/")
	if !ok || sub == "" {
		return false
	}
	for _, c := range []byte(sub) {
		if !(c >= 'a' && c <= 'z' || c >= '0' && c <= '9' || c == '.' || c == '+' || c == '-') {
			return false
		}
	}
	for _, c := range []byte(data) {
		if !(c >= 'A' && c <= 'Z' || c >= 'a' && c <= 'z' || c >= '0' && c <= '9' || c == '+' || c == '/' || c == '=') {
			return false
		}
	}
	return data != ""
}

// writeJSON writes the images as one JSON object of ids to data URIs,
// sorted by id. Ids and base64 need no escaping; a mime type is checked.
func (s *imageStore) writeJSON(b *strings.Builder) {
	ids := make([]string, 0, len(s.uris))
	for id := range s.uris {
		ids = append(ids, id)
	}
	sort.Strings(ids)
	b.WriteString("{")
	for k, id := range ids {
		if k > 0 {
			b.WriteString(",\n")
		}
		b.WriteString(`"` + id + `":"`)
		b.WriteString(s.uris[id])
		b.WriteString(`"`)
	}
	b.WriteString("}")
}

// dataURI returns the data URI of base64 data of a mime type.
func dataURI(mime, data string) string { return "data:" + mime + ";base64," + data }

// imageData returns the base64 data of an image as an output holds it:
// base64 text without line breaks, or for SVG (which nbformat stores as
// text) the text encoded in base64, so that it shows as an image and never
// inline in the page.
func imageData(mime, text string) string {
	if mime == "image/svg+xml" {
		return base64.StdEncoding.EncodeToString([]byte(text))
	}
	if strings.ContainsAny(text, "\r\n ") {
		text = strings.Map(func(r rune) rune {
			if r == '\n' || r == '\r' || r == ' ' {
				return -1
			}
			return r
		}, text)
	}
	return text
}

// maxDiffPixels bounds the images compared pixel by pixel: larger ones are
// shown side by side without a pixel difference.
const maxDiffPixels = 1 << 24

// An imageDiff is the comparison of two versions of an image.
type imageDiff struct {
	Label                  string // what the image is ("output 2: image/png")
	Old, New               string // image ids
	OldW, OldH, NewW, NewH int    // sizes in pixels, 0 when not decoded
	OldBytes, NewBytes     int    // encoded sizes
	// Compared is set when both decoded and the pixels were compared.
	Compared bool
	// Same is set when the pixels are the same (the image was only
	// encoded anew).
	Same bool
	// Diff is the id of the difference image: changed pixels in colour
	// over a faint copy of the new image.
	Diff           string
	Changed, Total int // pixels that differ, of all in the larger frame
	Note           string
}

// compareImages compares two images, base64 data of their mime types, and
// stores them and their difference image in store.
func compareImages(label, oldMime, oldData, newMime, newData string, store *imageStore) imageDiff {
	d := imageDiff{Label: label, Old: store.add(oldMime, oldData), New: store.add(newMime, newData)}
	a, errA := decodeImage(oldMime, oldData, &d.OldBytes)
	b, errB := decodeImage(newMime, newData, &d.NewBytes)
	if a != nil {
		d.OldW, d.OldH = a.Rect.Dx(), a.Rect.Dy()
	}
	if b != nil {
		d.NewW, d.NewH = b.Rect.Dx(), b.Rect.Dy()
	}
	switch {
	case errA != "":
		d.Note = "old image: " + errA
		return d
	case errB != "":
		d.Note = "new image: " + errB
		return d
	}
	d.Compared = true
	w, h := max(d.OldW, d.NewW), max(d.OldH, d.NewH)
	d.Total = w * h
	out := image.NewNRGBA(image.Rect(0, 0, w, h))
	for y := 0; y < h; y++ {
		for x := 0; x < w; x++ {
			inA := x < d.OldW && y < d.OldH
			inB := x < d.NewW && y < d.NewH
			o := out.PixOffset(x, y)
			var pa, pb []uint8
			if inA {
				pa = a.Pix[a.PixOffset(x, y) : a.PixOffset(x, y)+4]
			}
			if inB {
				pb = b.Pix[b.PixOffset(x, y) : b.PixOffset(x, y)+4]
			}
			switch {
			case inA && inB && bytes.Equal(pa, pb):
				// Unchanged: a faint grey of the pixel over white.
				l := (299*int(pa[0]) + 587*int(pa[1]) + 114*int(pa[2])) / 1000
				l = 255 - (255-l)*int(pa[3])/255
				v := uint8(255 - (255-l)/4)
				copy(out.Pix[o:o+4], []uint8{v, v, v, 255})
			case inA && inB:
				d.Changed++
				copy(out.Pix[o:o+4], []uint8{230, 0, 110, 255}) // changed
			case inA || inB:
				d.Changed++
				copy(out.Pix[o:o+4], []uint8{255, 150, 0, 255}) // on one side only
			default:
				copy(out.Pix[o:o+4], []uint8{255, 255, 255, 0})
			}
		}
	}
	if d.Changed == 0 {
		d.Same = true
		return d
	}
	var buf bytes.Buffer
	enc := png.Encoder{CompressionLevel: png.BestSpeed}
	if err := enc.Encode(&buf, out); err == nil {
		d.Diff = store.add("image/png", base64.StdEncoding.EncodeToString(buf.Bytes()))
	}
	return d
}

// decodeImage decodes base64 data of a mime type into 8-bit NRGBA pixels;
// it sets *size to the encoded size. The error is a note for the reader
// ("" when decoded).
func decodeImage(mime, data string, size *int) (*image.NRGBA, string) {
	raw, err := base64.StdEncoding.DecodeString(data)
	if err != nil {
		return nil, "not valid base64"
	}
	*size = len(raw)
	switch mime {
	case "image/png", "image/jpeg", "image/gif":
	default:
		return nil, mime + " is not compared pixel by pixel"
	}
	cfg, _, err := image.DecodeConfig(bytes.NewReader(raw))
	if err != nil {
		return nil, "cannot decode: " + err.Error()
	}
	if cfg.Width*cfg.Height > maxDiffPixels || cfg.Width <= 0 || cfg.Height <= 0 {
		return nil, "too large to compare pixel by pixel"
	}
	img, _, err := image.Decode(bytes.NewReader(raw))
	if err != nil {
		return nil, "cannot decode: " + err.Error()
	}
	if n, ok := img.(*image.NRGBA); ok && n.Rect.Min == (image.Point{}) {
		return n, ""
	}
	r := img.Bounds()
	n := image.NewNRGBA(image.Rect(0, 0, r.Dx(), r.Dy()))
	draw.Draw(n, n.Rect, img, r.Min, draw.Src)
	return n, ""
}
