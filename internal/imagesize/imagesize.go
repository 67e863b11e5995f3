// Package imagesize reads how big an image shows, in CSS pixels, from the
// start of its file: JPEG (turned as its EXIF orientation says, as browsers
// show it), PNG, GIF, WebP and SVG (its width and height, or its viewBox).
// congbo writes the size on <img> so that a page does not jump as its
// images arrive on a slow connection, and `congbo check` names images too
// heavy for a phone.
package imagesize

import (
	"bufio"
	"bytes"
	"encoding/binary"
	"encoding/xml"
	"errors"
	"fmt"
	"image"
	_ "image/gif" // registered for image.DecodeConfig
	_ "image/jpeg"
	_ "image/png"
	"io"
	"math"
	"strconv"
	"strings"

	_ "golang.org/x/image/webp"
)

// MaxHeader is how much of a file Of reads at most: the headers of JPEG
// (with its EXIF block), PNG, GIF and WebP files, and an SVG's root element,
// are within it.
const MaxHeader = 256 << 10

// Size is how big an image shows, in CSS pixels.
type Size struct {
	Width, Height int
	Format        string // "jpeg", "png", "gif", "webp" or "svg"
	// Orientation is a JPEG's EXIF orientation (1 to 8; 0 when it has
	// none): Width and Height are as it is turned.
	Orientation int
	// Scalable is set for an SVG image with a viewBox but no width and
	// height: Width and Height give its shape, and it takes the width it
	// is given.
	Scalable bool
}

// Of returns the size image file data shows at. data may be only the
// first MaxHeader bytes of the file.
func Of(data []byte) (Size, error) {
	if looksLikeSVG(data) {
		return svgSize(data)
	}
	cfg, format, err := image.DecodeConfig(bytes.NewReader(data))
	if err != nil {
		return Size{}, fmt.Errorf("not an image congbo can read (JPEG, PNG, GIF, WebP or SVG): %w", err)
	}
	return sized(cfg, format, data)
}

// Read is Of for the start of r, reading no more of it than the header:
// about a kilobyte for most images (more for a JPEG's EXIF block, up to
// MaxHeader; an SVG to its root element).
func Read(r io.Reader) (Size, error) {
	var read bytes.Buffer // what was read, for an SVG or a JPEG's EXIF block
	br := bufio.NewReaderSize(io.TeeReader(io.LimitReader(r, MaxHeader), &read), 1024)
	head, _ := br.Peek(512)
	if looksLikeSVG(head) {
		if _, err := io.Copy(io.Discard, br); err != nil {
			return Size{}, err
		}
		return svgSize(read.Bytes())
	}
	cfg, format, err := image.DecodeConfig(br)
	if err != nil {
		return Size{}, fmt.Errorf("not an image congbo can read (JPEG, PNG, GIF, WebP or SVG): %w", err)
	}
	return sized(cfg, format, read.Bytes())
}

// sized is the Size of an image whose header is cfg, of format, turned
// as a JPEG's EXIF block in data says.
func sized(cfg image.Config, format string, data []byte) (Size, error) {
	if cfg.Width <= 0 || cfg.Height <= 0 {
		return Size{}, errors.New("the image has no size")
	}
	sz := Size{Width: cfg.Width, Height: cfg.Height, Format: format}
	if format == "jpeg" {
		sz.Orientation = Orientation(data)
		if sz.Orientation >= 5 && sz.Orientation <= 8 { // turned a quarter
			sz.Width, sz.Height = sz.Height, sz.Width
		}
	}
	return sz, nil
}

// looksLikeSVG reports whether data starts, after white space, an XML
// declaration or comments, with markup: no raster format starts with "<".
func looksLikeSVG(data []byte) bool {
	data = bytes.TrimLeft(bytes.TrimPrefix(data, []byte("\xef\xbb\xbf")), " \t\r\n")
	return len(data) > 0 && data[0] == '<'
}

// svgSize reads the root <svg> element: its width and height when both are
// lengths in pixels, else its viewBox's, scaled to the one length given.
func svgSize(data []byte) (Size, error) {
	d := xml.NewDecoder(bytes.NewReader(data))
	d.Strict = false
	for {
		tok, err := d.Token()
		if err != nil {
			return Size{}, errors.New("not an SVG image: no <svg> element")
		}
		el, ok := tok.(xml.StartElement)
		if !ok {
			continue
		}
		if el.Name.Local != "svg" {
			return Size{}, errors.New("not an SVG image: no <svg> element")
		}
		var w, h float64
		var vw, vh float64
		for _, a := range el.Attr {
			switch a.Name.Local {
			case "width":
				w = pixels(a.Value)
			case "height":
				h = pixels(a.Value)
			case "viewBox":
				f := strings.FieldsFunc(a.Value, func(r rune) bool { return r == ',' || r == ' ' || r == '\t' || r == '\n' || r == '\r' })
				if len(f) == 4 {
					vw, _ = strconv.ParseFloat(f[2], 64)
					vh, _ = strconv.ParseFloat(f[3], 64)
				}
			}
		}
		scalable := false
		switch {
		case w > 0 && h > 0:
		case vw > 0 && vh > 0 && w > 0:
			h = w * vh / vw
		case vw > 0 && vh > 0 && h > 0:
			w = h * vw / vh
		case vw > 0 && vh > 0:
			w, h, scalable = vw, vh, true
		default:
			return Size{}, errors.New("the SVG image has no size (give its <svg> a width and height, or a viewBox)")
		}
		if w > 1e6 || h > 1e6 {
			return Size{}, errors.New("the SVG image's size is not believable")
		}
		return Size{Width: int(math.Round(math.Max(w, 1))), Height: int(math.Round(math.Max(h, 1))), Format: "svg", Scalable: scalable}, nil
	}
}

// pixels reads an SVG length in pixels ("120", "120px", "1.5e2"); 0 for
// other units and percentages, which depend on where the image is shown.
func pixels(v string) float64 {
	v = strings.TrimSuffix(strings.TrimSpace(v), "px")
	f, err := strconv.ParseFloat(v, 64)
	if err != nil || f <= 0 || math.IsInf(f, 0) || math.IsNaN(f) {
		return 0
	}
	return f
}

// Orientation returns the EXIF Orientation tag of JPEG file data (1 to 8),
// or 0. It walks the markers before the image data looking for the APP1
// Exif segment, then the first IFD of its TIFF header.
func Orientation(data []byte) int {
	r := bytes.NewReader(data)
	var soi [2]byte
	if _, err := io.ReadFull(r, soi[:]); err != nil || soi != [2]byte{0xFF, 0xD8} {
		return 0
	}
	for {
		var m [4]byte
		if _, err := io.ReadFull(r, m[:2]); err != nil || m[0] != 0xFF {
			return 0
		}
		if m[1] == 0xDA || m[1] == 0xD9 { // start of scan, end of image
			return 0
		}
		if _, err := io.ReadFull(r, m[2:]); err != nil {
			return 0
		}
		n := int(binary.BigEndian.Uint16(m[2:])) - 2
		if n < 0 {
			return 0
		}
		seg := make([]byte, n)
		if _, err := io.ReadFull(r, seg); err != nil {
			return 0
		}
		if m[1] == 0xE1 && bytes.HasPrefix(seg, []byte("Exif\x00\x00")) {
			return tiffOrientation(seg[6:])
		}
	}
}

// tiffOrientation reads tag 0x0112 of the first IFD of TIFF data.
func tiffOrientation(t []byte) int {
	if len(t) < 8 {
		return 0
	}
	var bo binary.ByteOrder
	switch string(t[:2]) {
	case "II":
		bo = binary.LittleEndian
	case "MM":
		bo = binary.BigEndian
	default:
		return 0
	}
	off := int(bo.Uint32(t[4:8]))
	if off < 8 || off+2 > len(t) {
		return 0
	}
	n := int(bo.Uint16(t[off:]))
	for i := range n {
		e := off + 2 + 12*i
		if e+12 > len(t) {
			return 0
		}
		if bo.Uint16(t[e:]) == 0x0112 {
			return int(bo.Uint16(t[e+8:]))
		}
	}
	return 0
}
