package hugeheap

import "testing"

func TestMode(t *testing.T) {
	for _, tt := range []struct{ setting, want string }{
		{"always [madvise] never\n", "madvise"},
		{"[always] madvise never\n", "always"},
		{"always madvise [never]\n", "never"},
		{"always defer defer+madvise [madvise] never\n", "madvise"},
		{"", ""},
		{"[madvise", ""},
	} {
		if got := mode(tt.setting); got != tt.want {
			t.Errorf("mode(%q) = %q, want %q", tt.setting, got, tt.want)
		}
	}
}

func TestDisabledByGodebug(t *testing.T) {
	for _, tt := range []struct {
		godebug string
		want    bool
	}{
		{"", false},
		{"disablethp=1", true},
		{"gctrace=1,disablethp=1", true},
		{"disablethp=0", false},
		{"disablethp=1,disablethp=0", false},
		{"madvdontneed=1", false},
	} {
		if got := disabledByGodebug(tt.godebug); got != tt.want {
			t.Errorf("disabledByGodebug(%q) = %v, want %v", tt.godebug, got, tt.want)
		}
	}
}

func TestReserveOff(t *testing.T) {
	t.Setenv("CONGBO_HUGEPAGES", "off")
	if Reserve(8 << 20) {
		t.Error("Reserve with CONGBO_HUGEPAGES=off marked memory")
	}
	if Extend(8 << 20) {
		t.Error("Extend with CONGBO_HUGEPAGES=off marked memory")
	}
	t.Setenv("CONGBO_HUGEPAGES", "")
	t.Setenv("GODEBUG", "disablethp=1")
	if Reserve(8 << 20) {
		t.Error("Reserve with GODEBUG=disablethp=1 marked memory")
	}
	if Reserve(0) {
		t.Error("Reserve(0) marked memory")
	}
}
