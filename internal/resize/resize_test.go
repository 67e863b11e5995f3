package resize_test

import (
	"bytes"
	"encoding/binary"
	"image"
	"image/color"
	"image/jpeg"
	"image/png"
	"os"
	"path/filepath"
	"testing"

	"github.com/congbo/congbo/internal/imagesize"
	"github.com/congbo/congbo/internal/resize"
)

// quadrants is a w×h image whose top-left quarter is red, top-right green,
// bottom-left blue and bottom-right white.
func quadrants(w, h int) *image.RGBA {
	img := image.NewRGBA(image.Rect(0, 0, w, h))
	for y := range h {
		for x := range w {
			c := color.RGBA{255, 0, 0, 255}
			switch {
			case x >= w/2 && y < h/2:
				c = color.RGBA{0, 255, 0, 255}
			case x < w/2 && y >= h/2:
				c = color.RGBA{0, 0, 255, 255}
			case x >= w/2 && y >= h/2:
				c = color.RGBA{255, 255, 255, 255}
			}
			img.SetRGBA(x, y, c)
		}
	}
	return img
}

func encodeJPEG(t *testing.T, img image.Image) []byte {
	t.Helper()
	var b bytes.Buffer
	if err := jpeg.Encode(&b, img, &jpeg.Options{Quality: 95}); err != nil {
		t.Fatal(err)
	}
	return b.Bytes()
}

// withOrientation puts an APP1 Exif segment with orientation o after SOI.
func withOrientation(jpg []byte, o uint16) []byte {
	tiff := make([]byte, 26)
	copy(tiff, "MM")
	binary.BigEndian.PutUint16(tiff[2:], 42)
	binary.BigEndian.PutUint32(tiff[4:], 8)
	binary.BigEndian.PutUint16(tiff[8:], 1)
	binary.BigEndian.PutUint16(tiff[10:], 0x0112)
	binary.BigEndian.PutUint16(tiff[12:], 3)
	binary.BigEndian.PutUint32(tiff[14:], 1)
	binary.BigEndian.PutUint16(tiff[18:], o)
	seg := append([]byte("Exif\x00\x00"), tiff...)
	out := []byte{0xFF, 0xD8, 0xFF, 0xE1, 0, 0}
	binary.BigEndian.PutUint16(out[4:], uint16(len(seg)+2))
	return append(append(out, seg...), jpg[2:]...)
}

// near reports whether a and b differ by at most 40 in each channel
// (JPEG blurs the edges, not the middle of a quarter).
func near(a color.Color, b color.RGBA) bool {
	r, g, bl, _ := a.RGBA()
	d := func(x uint32, y uint8) bool { return int(x>>8)-int(y) < 40 && int(y)-int(x>>8) < 40 }
	return d(r, b.R) && d(g, b.G) && d(bl, b.B)
}

func TestMake(t *testing.T) {
	red, green, blue, white := color.RGBA{255, 0, 0, 255}, color.RGBA{0, 255, 0, 255}, color.RGBA{0, 0, 255, 255}, color.RGBA{255, 255, 255, 255}
	jpg := encodeJPEG(t, quadrants(2000, 1000))
	tests := []struct {
		name          string
		data          []byte
		width, height int
		// the colours at the middle of the copy's four quarters:
		// top-left, top-right, bottom-left, bottom-right
		corners [4]color.RGBA
	}{
		{"jpeg", jpg, 640, 320, [4]color.RGBA{red, green, blue, white}},
		{"jpeg turned (EXIF 6: turn right)", withOrientation(jpg, 6), 640, 1280, [4]color.RGBA{blue, red, white, green}},
		{"jpeg turned (EXIF 8: turn left)", withOrientation(jpg, 8), 640, 1280, [4]color.RGBA{green, white, red, blue}},
		{"jpeg upside down (EXIF 3)", withOrientation(jpg, 3), 640, 320, [4]color.RGBA{white, blue, green, red}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			outs, err := resize.Make(tt.data, []int{tt.width})
			if err != nil {
				t.Fatal(err)
			}
			out := outs[0]
			img, format, err := image.Decode(bytes.NewReader(out))
			if err != nil || format != "jpeg" {
				t.Fatalf("copy is %s, %v", format, err)
			}
			b := img.Bounds()
			if b.Dx() != tt.width || b.Dy() != tt.height {
				t.Fatalf("copy is %d×%d, want %d×%d", b.Dx(), b.Dy(), tt.width, tt.height)
			}
			at := [4]image.Point{{b.Dx() / 4, b.Dy() / 4}, {3 * b.Dx() / 4, b.Dy() / 4}, {b.Dx() / 4, 3 * b.Dy() / 4}, {3 * b.Dx() / 4, 3 * b.Dy() / 4}}
			for i, p := range at {
				if c := img.At(p.X, p.Y); !near(c, tt.corners[i]) {
					t.Errorf("quarter %d is %v, want %v", i, c, tt.corners[i])
				}
			}
			again, _ := resize.Make(tt.data, []int{tt.width})
			if !bytes.Equal(out, again[0]) {
				t.Error("the same original gave other bytes")
			}
			if sz, _ := imagesize.Of(out); sz.Width != tt.width || sz.Height != tt.height || sz.Orientation != 0 {
				t.Errorf("the copy reads as %+v", sz)
			}
		})
	}
}

// TestMakePNG: a PNG's copy is a PNG and keeps its transparency.
func TestMakePNG(t *testing.T) {
	img := image.NewNRGBA(image.Rect(0, 0, 1500, 300))
	for y := range 300 {
		for x := range 1500 {
			if x < 750 {
				img.SetNRGBA(x, y, color.NRGBA{0, 0, 128, 255})
			}
		}
	}
	var b bytes.Buffer
	png.Encode(&b, img)
	outs, err := resize.Make(b.Bytes(), []int{640})
	if err != nil {
		t.Fatal(err)
	}
	cp, format, err := image.Decode(bytes.NewReader(outs[0]))
	if err != nil || format != "png" || cp.Bounds().Dx() != 640 || cp.Bounds().Dy() != 128 {
		t.Fatalf("copy: %s %v %v", format, cp.Bounds(), err)
	}
	if _, _, _, a := cp.At(600, 60).RGBA(); a != 0 {
		t.Errorf("the transparent half has alpha %d", a)
	}
	if _, _, _, a := cp.At(40, 60).RGBA(); a != 0xffff {
		t.Errorf("the opaque half has alpha %d", a)
	}
}

func TestNeeded(t *testing.T) {
	for _, tt := range []struct {
		sz   imagesize.Size
		want int
	}{
		{imagesize.Size{Width: 4032, Height: 3024, Format: "jpeg"}, 2},
		{imagesize.Size{Width: 1281, Height: 10, Format: "png"}, 2},
		{imagesize.Size{Width: 1280, Height: 10, Format: "jpeg"}, 0},
		{imagesize.Size{Width: 4000, Height: 10, Format: "gif"}, 0},
		{imagesize.Size{Width: 4000, Height: 10, Format: "webp"}, 0},
		{imagesize.Size{Width: 4000, Height: 10, Format: "svg"}, 0},
		{imagesize.Size{Width: 65535, Height: 65535, Format: "jpeg"}, 0}, // a damaged header, or too big to decode
	} {
		if got := len(resize.Needed(tt.sz)); got != tt.want {
			t.Errorf("Needed(%+v) = %d widths, want %d", tt.sz, got, tt.want)
		}
	}
}

func TestCache(t *testing.T) {
	dir := filepath.Join(t.TempDir(), "cache")
	c := &resize.Cache{Dir: dir}
	jpg := encodeJPEG(t, quadrants(1400, 700))
	widths := []int{640, 1280}
	first, err := c.Get(jpg, widths)
	if err != nil {
		t.Fatal(err)
	}
	files, _ := os.ReadDir(dir)
	if len(files) != 2 {
		t.Fatalf("cache holds %d files, want 2", len(files))
	}
	// Copies are read from the cache: change them there and see them come back.
	for _, f := range files {
		os.WriteFile(filepath.Join(dir, f.Name()), []byte("kept"), 0o644)
	}
	if b, _ := c.Get(jpg, widths); string(b[0]) != "kept" || string(b[1]) != "kept" {
		t.Error("the copies were made again")
	}
	made, _ := resize.Make(jpg, widths)
	if !bytes.Equal(first[0], made[0]) || !bytes.Equal(first[1], made[1]) {
		t.Error("the cache gave other bytes than Make")
	}
	if b, err := (&resize.Cache{}).Get(jpg, widths); err != nil || !bytes.Equal(b[1], made[1]) {
		t.Error("a cache without a directory does not make the copies")
	}
	// The narrower copy is made from the wider one: its size is right.
	if sz, _ := imagesize.Of(made[0]); sz.Width != 640 || sz.Height != 320 {
		t.Errorf("640 copy is %+v", sz)
	}
}

// FuzzMake: any bytes give copies or an error, never a panic or a decode
// of a size the header cannot back.
func FuzzMake(f *testing.F) {
	f.Add(encodeJPEGBytes(quadrants(20, 10)))
	f.Add([]byte("\x89PNG\r\n\x1a\n"))
	f.Fuzz(func(t *testing.T, data []byte) {
		out, err := resize.Make(data, []int{8, 16})
		if err == nil && len(out) != 2 {
			t.Fatalf("%d copies", len(out))
		}
	})
}

func encodeJPEGBytes(img image.Image) []byte {
	var b bytes.Buffer
	jpeg.Encode(&b, img, nil)
	return b.Bytes()
}
