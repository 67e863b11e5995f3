package imagesize_test

import (
	"bytes"
	"encoding/binary"
	"image"
	"image/gif"
	"image/jpeg"
	"image/png"
	"strings"
	"testing"

	"github.com/congbo/congbo/internal/imagesize"
)

func encoded(t *testing.T, format string, w, h int) []byte {
	t.Helper()
	img := image.NewRGBA(image.Rect(0, 0, w, h))
	var b bytes.Buffer
	var err error
	switch format {
	case "png":
		err = png.Encode(&b, img)
	case "jpeg":
		err = jpeg.Encode(&b, img, nil)
	case "gif":
		err = gif.Encode(&b, img, nil)
	}
	if err != nil {
		t.Fatal(err)
	}
	return b.Bytes()
}

// withOrientation puts an APP1 Exif segment with the Orientation tag o,
// in byte order bo, after a JPEG file's SOI marker.
func withOrientation(jpg []byte, bo binary.ByteOrder, o uint16) []byte {
	tiff := make([]byte, 8+2+12+4)
	if bo == binary.LittleEndian {
		copy(tiff, "II")
	} else {
		copy(tiff, "MM")
	}
	bo.PutUint16(tiff[2:], 42)
	bo.PutUint32(tiff[4:], 8)
	bo.PutUint16(tiff[8:], 1)       // one entry
	bo.PutUint16(tiff[10:], 0x0112) // Orientation
	bo.PutUint16(tiff[12:], 3)      // SHORT
	bo.PutUint32(tiff[14:], 1)      // one value
	bo.PutUint16(tiff[18:], o)      // the value, in the entry
	seg := append([]byte("Exif\x00\x00"), tiff...)
	out := []byte{0xFF, 0xD8, 0xFF, 0xE1, 0, 0}
	binary.BigEndian.PutUint16(out[4:], uint16(len(seg)+2))
	out = append(out, seg...)
	return append(out, jpg[2:]...)
}

// vp8l is the smallest lossless WebP header of a w×h image.
func vp8l(w, h int) []byte {
	bits := uint32(w-1) | uint32(h-1)<<14
	data := []byte{0x2F, 0, 0, 0, 0}
	binary.LittleEndian.PutUint32(data[1:], bits)
	chunk := append([]byte("VP8L\x05\x00\x00\x00"), append(data, 0)...)
	riff := append([]byte("RIFF\x00\x00\x00\x00WEBP"), chunk...)
	binary.LittleEndian.PutUint32(riff[4:], uint32(len(riff)-8))
	return riff
}

func TestOf(t *testing.T) {
	jpg := encoded(t, "jpeg", 40, 30)
	tests := []struct {
		name     string
		data     []byte
		w, h     int
		scalable bool
	}{
		{"png", encoded(t, "png", 1600, 900), 1600, 900, false},
		{"jpeg", jpg, 40, 30, false},
		{"gif", encoded(t, "gif", 7, 5), 7, 5, false},
		{"webp", vp8l(300, 200), 300, 200, false},
		{"jpeg turned a quarter (EXIF 6)", withOrientation(jpg, binary.BigEndian, 6), 30, 40, false},
		{"jpeg turned a quarter, Intel order (EXIF 8)", withOrientation(jpg, binary.LittleEndian, 8), 30, 40, false},
		{"jpeg upside down (EXIF 3)", withOrientation(jpg, binary.BigEndian, 3), 40, 30, false},
		{"svg width and height", []byte(`<svg xmlns="http://www.w3.org/2000/svg" width="120" height="80px"></svg>`), 120, 80, false},
		{"svg viewBox", []byte(`<?xml version="1.0"?>` + "\n<!-- logo -->\n" + `<svg viewBox="0 0 640 360.4"/>`), 640, 360, true},
		{"svg width and viewBox", []byte(`<svg width="320" viewBox="0,0,640,360"></svg>`), 320, 180, false},
		{"svg percent width, viewBox", []byte(`<svg width="100%" height="100%" viewBox="0 0 48 24"></svg>`), 48, 24, true},
		{"svg with a BOM and doctype", []byte("\xef\xbb\xbf<!DOCTYPE svg>\n<svg width='16' height='9'></svg>"), 16, 9, false},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			want := imagesize.Size{Width: tt.w, Height: tt.h, Scalable: tt.scalable}
			if got, err := imagesize.Of(tt.data); err != nil || sizeOnly(got) != want {
				t.Errorf("Of = %+v, %v; want %+v", got, err, want)
			}
			if got, err := imagesize.Read(bytes.NewReader(tt.data)); err != nil || sizeOnly(got) != want {
				t.Errorf("Read = %+v, %v; want %+v", got, err, want)
			}
		})
	}
}

// sizeOnly is sz without its format and orientation.
func sizeOnly(sz imagesize.Size) imagesize.Size {
	sz.Format, sz.Orientation = "", 0
	return sz
}

func TestFormatAndOrientation(t *testing.T) {
	jpg := encoded(t, "jpeg", 40, 30)
	for _, tt := range []struct {
		data        []byte
		format      string
		orientation int
	}{
		{jpg, "jpeg", 0},
		{withOrientation(jpg, binary.LittleEndian, 6), "jpeg", 6},
		{encoded(t, "png", 2, 2), "png", 0},
		{encoded(t, "gif", 2, 2), "gif", 0},
		{vp8l(2, 2), "webp", 0},
		{[]byte(`<svg width="1" height="1"/>`), "svg", 0},
	} {
		sz, err := imagesize.Of(tt.data)
		if err != nil || sz.Format != tt.format || sz.Orientation != tt.orientation {
			t.Errorf("Of = %+v, %v; want format %s, orientation %d", sz, err, tt.format, tt.orientation)
		}
	}
}

// TestReadLongHeader: a JPEG whose EXIF block (a thumbnail, say) pushes
// its size past Read's first 16 KB is read on.
func TestReadLongHeader(t *testing.T) {
	jpg := encoded(t, "jpeg", 40, 30)
	pad := make([]byte, 40<<10)
	seg := []byte{0xFF, 0xE2, 0, 0} // APP2, skipped
	binary.BigEndian.PutUint16(seg[2:], uint16(len(pad)+2))
	data := append(append([]byte{0xFF, 0xD8}, append(seg, pad...)...), jpg[2:]...)
	data = withOrientation(data, binary.BigEndian, 6)
	got, err := imagesize.Read(bytes.NewReader(data))
	if want := (imagesize.Size{Width: 30, Height: 40, Format: "jpeg", Orientation: 6}); err != nil || got != want {
		t.Errorf("Read = %+v, %v; want %+v", got, err, want)
	}
}

func TestOfRefuses(t *testing.T) {
	for _, tt := range []struct{ name, data, want string }{
		{"text", "png", "not an image congbo can read"},
		{"html", "<html><body></body></html>", "no <svg> element"},
		{"svg without size", `<svg xmlns="http://www.w3.org/2000/svg"></svg>`, "has no size"},
		{"svg in em", `<svg width="10em" height="5em"></svg>`, "has no size"},
		{"svg too big", `<svg width="1e9" height="1"></svg>`, "not believable"},
		{"truncated png", string(encoded(t, "png", 4, 4)[:12]), "not an image"},
	} {
		t.Run(tt.name, func(t *testing.T) {
			_, err := imagesize.Of([]byte(tt.data))
			if err == nil || !strings.Contains(err.Error(), tt.want) {
				t.Errorf("err = %v, want one saying %q", err, tt.want)
			}
		})
	}
}

func FuzzOf(f *testing.F) {
	f.Add([]byte(`<svg width="1" viewBox="0 0 2 1"/>`))
	f.Add(vp8l(3, 2))
	f.Add(withOrientation([]byte{0xFF, 0xD8, 0xFF, 0xD9}, binary.BigEndian, 6))
	f.Fuzz(func(t *testing.T, data []byte) {
		sz, err := imagesize.Of(data)
		if err == nil && (sz.Width <= 0 || sz.Height <= 0) {
			t.Fatalf("size %+v without an error", sz)
		}
		// Read streams what Of is given whole: the same answer.
		rsz, rerr := imagesize.Read(bytes.NewReader(data))
		if len(data) < 512 && (rsz != sz || (rerr == nil) != (err == nil)) {
			t.Fatalf("Read = %+v, %v; Of = %+v, %v", rsz, rerr, sz, err)
		}
	})
}
