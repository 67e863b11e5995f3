// Package resize makes the smaller copies of a site's photos that its pages
// show: a press photo straight from a camera (4000 px wide, 5 MB) costs a
// reader on a phone a minute to load, where a copy as wide as the phone's
// screen costs a few seconds. A page's <img> names the copies in srcset,
// and the browser picks the one its screen needs; the original stays
// published for whoever wants it (a journalist).
//
// Copies are JPEG for a JPEG (quality 80, turned as its EXIF orientation
// says, since a copy carries no EXIF) and PNG for a PNG. The same original
// always gives the same bytes. Cache keeps them on disk by the original's
// SHA-256, so a build does not make them again.
package resize

import (
	"bytes"
	"crypto/sha256"
	"encoding/hex"
	"errors"
	"fmt"
	"image"
	"image/draw"
	"image/jpeg"
	"image/png"
	"os"
	"path/filepath"
	"slices"
	"strconv"

	xdraw "golang.org/x/image/draw"

	"github.com/congbo/congbo/internal/imagesize"
)

// Widths are the widths of the copies, in pixels: a phone's screen (640)
// and a desktop's text column on a sharp screen (1280, twice the column's
// 640 CSS pixels). An image wider than the largest gets them all.
var Widths = []int{640, 1280}

// Version changes when the copies Make gives change, so that Cache does
// not give copies made the old way.
const Version = 1

// MaxPixels caps the images copies are made of: decoding one takes 4 bytes
// a pixel (a 60-megapixel camera's photo, 240 MB), and a damaged file may
// claim any size.
const MaxPixels = 64 << 20

// Needed returns the widths of the copies to make of an image of size sz:
// all of Widths for a JPEG or PNG image wider than the largest and not
// bigger than MaxPixels, else none.
func Needed(sz imagesize.Size) []int {
	if (sz.Format != "jpeg" && sz.Format != "png") || sz.Width <= Widths[len(Widths)-1] || sz.Width*sz.Height > MaxPixels {
		return nil
	}
	return Widths
}

// Height is the height of the copy width pixels wide of an image of size
// sz, as Make rounds it.
func Height(sz imagesize.Size, width int) int {
	return max(1, (sz.Height*width+sz.Width/2)/sz.Width)
}

// Make returns copies of the JPEG or PNG image data, one per width, in
// the same format: the widest scaled from the original, each narrower one
// from the one before (the same look, a fraction of the work).
func Make(data []byte, widths []int) ([][]byte, error) {
	sz, err := imagesize.Of(data)
	if err != nil {
		return nil, err
	}
	if sz.Format != "jpeg" && sz.Format != "png" {
		return nil, fmt.Errorf("copies are made of JPEG and PNG images, not %s", sz.Format)
	}
	if sz.Width*sz.Height > MaxPixels {
		return nil, fmt.Errorf("the image is %d×%d pixels, more than congbo decodes", sz.Width, sz.Height)
	}
	src, _, err := image.Decode(bytes.NewReader(data))
	if err != nil {
		return nil, fmt.Errorf("read the image: %w", err)
	}
	alpha := sz.Format == "png" && !opaque(src)
	quarter := sz.Orientation >= 5 && sz.Orientation <= 8
	out := make([][]byte, len(widths))
	from := image.Image(src)
	for _, i := range widestFirst(widths) {
		// Scale as the image is stored, then turn it: the same pixels as
		// turning first, for less work.
		dw, dh := widths[i], Height(sz, widths[i])
		if quarter {
			dw, dh = dh, dw
		}
		var dst draw.Image
		if alpha {
			dst = image.NewNRGBA(image.Rect(0, 0, dw, dh))
		} else {
			dst = image.NewRGBA(image.Rect(0, 0, dw, dh))
		}
		xdraw.BiLinear.Scale(dst, dst.Bounds(), from, from.Bounds(), xdraw.Src, nil)
		from = dst
		var b bytes.Buffer
		if sz.Format == "jpeg" {
			err = jpeg.Encode(&b, turn(dst, sz.Orientation), &jpeg.Options{Quality: 80})
		} else {
			err = (&png.Encoder{CompressionLevel: png.BestCompression}).Encode(&b, turn(dst, sz.Orientation))
		}
		if err != nil {
			return nil, err
		}
		out[i] = b.Bytes()
	}
	return out, nil
}

// widestFirst returns the indexes of widths, the widest first.
func widestFirst(widths []int) []int {
	idx := make([]int, len(widths))
	for i := range idx {
		idx[i] = i
	}
	slices.SortStableFunc(idx, func(a, b int) int { return widths[b] - widths[a] })
	return idx
}

// opaque reports whether img has no transparent pixel it could show.
func opaque(img image.Image) bool {
	o, ok := img.(interface{ Opaque() bool })
	return ok && o.Opaque()
}

// turn returns img turned and flipped as EXIF orientation o says (1 or 0:
// as it is).
func turn(img draw.Image, o int) image.Image {
	if o < 2 || o > 8 {
		return img
	}
	b := img.Bounds()
	w, h := b.Dx(), b.Dy()
	ow, oh := w, h
	if o >= 5 {
		ow, oh = h, w
	}
	var out draw.Image = image.NewRGBA(image.Rect(0, 0, ow, oh))
	if _, ok := img.(*image.NRGBA); ok {
		out = image.NewNRGBA(image.Rect(0, 0, ow, oh))
	}
	for y := range h {
		for x := range w {
			var nx, ny int
			switch o {
			case 2: // mirrored
				nx, ny = w-1-x, y
			case 3: // upside down
				nx, ny = w-1-x, h-1-y
			case 4: // upside down, mirrored
				nx, ny = x, h-1-y
			case 5: // turned, mirrored
				nx, ny = y, x
			case 6: // turned a quarter to the left: turn right
				nx, ny = h-1-y, x
			case 7:
				nx, ny = h-1-y, w-1-x
			case 8: // turned a quarter to the right: turn left
				nx, ny = y, w-1-x
			}
			out.Set(nx, ny, img.At(b.Min.X+x, b.Min.Y+y))
		}
	}
	return out
}

// Cache keeps copies in a directory, by the SHA-256 of the original, the
// width and Version. An empty Dir keeps nothing. Safe for concurrent use:
// a copy is written to a temporary file and renamed.
type Cache struct {
	Dir string
}

// Get returns the copies of data widths pixels wide, from the cache or
// made and kept.
func (c *Cache) Get(data []byte, widths []int) ([][]byte, error) {
	if c == nil || c.Dir == "" {
		return Make(data, widths)
	}
	sum := sha256.Sum256(data)
	names := make([]string, len(widths))
	out := make([][]byte, len(widths))
	cached := true
	for i, w := range widths {
		names[i] = filepath.Join(c.Dir, hex.EncodeToString(sum[:])+"-"+strconv.Itoa(w)+"-v"+strconv.Itoa(Version))
		b, err := os.ReadFile(names[i])
		cached = cached && err == nil
		out[i] = b
	}
	if cached {
		return out, nil
	}
	out, err := Make(data, widths)
	if err != nil {
		return nil, err
	}
	if err := os.MkdirAll(c.Dir, 0o755); err == nil {
		for i, b := range out {
			c.keep(names[i], b)
		}
	}
	return out, nil // a cache that cannot be written only costs time
}

// keep writes a copy to the cache file name: to a temporary file renamed,
// so that a build running beside never reads half a copy.
func (c *Cache) keep(name string, b []byte) {
	f, err := os.CreateTemp(c.Dir, ".tmp-*")
	if err != nil {
		return
	}
	_, werr := f.Write(b)
	cerr := f.Close()
	if errors.Join(werr, cerr) != nil || os.Rename(f.Name(), name) != nil {
		os.Remove(f.Name())
	}
}
